import 'fake-indexeddb/auto';
import { expect, vi } from 'vitest';
import { KoersDatabase } from '$lib/db/database';
import type { StatementRecord } from '$lib/db/schema';
import type { Role } from '$lib/domain/profile';
import type { Visibility } from '$lib/domain/statements';
import { pgliteSql } from '$lib/server/relay/pglite-sql';
import * as relay from '$lib/server/relay/protocol';
import { RateLimiter } from '$lib/server/relay/rate-limit';
import { createRelayStore, migrate, type Sql } from '$lib/server/relay/store';
import { SpaceSync } from './engine.svelte';
import { admit, agreeToPerson, createInvite, createSpace, joinSpace } from './spaces';

/**
 * Three devices, each with its own database, talking to the real relay protocol (on an
 * in-memory embedded store) through fetch: what each device ends up holding is checked.
 */
export let ctx: relay.RelayContext;
export let sql: Sql;

/** Starts the relay on an in-memory embedded store and routes `fetch` to it. */
export async function startRelay() {
	sql = await pgliteSql();
	await migrate(sql);
	// Many devices of one test share an address: its limit on making spaces and joining is not
	// what is tested here (the protocol tests check it).
	ctx = relay.relayContext(createRelayStore(sql), {
		creates: new RateLimiter(100_000),
		joins: new RateLimiter(100_000)
	});
	vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
		const request = new Request(`http://koers.test${input}`, init);
		const path = new URL(request.url).pathname.split('/').filter(Boolean);
		const [, kind, spaceId, action] = path;
		const from = '127.0.0.1';
		if (kind === 'events') return relay.events(ctx, request, from);
		if (!spaceId) return relay.createSpace(ctx, request, from);
		if (action === 'ops')
			return request.method === 'GET'
				? relay.readOps(ctx, request, spaceId, from)
				: relay.appendOps(ctx, request, spaceId, from);
		if (action === 'invites') return relay.addInvite(ctx, request, spaceId, from);
		if (action === 'join') return relay.join(ctx, request, spaceId, from);
		if (action === 'revoke') return relay.revoke(ctx, request, spaceId, from);
		return new Response('not found', { status: 404 });
	});
}

let devices = 0;

export async function device(name: string, role: Role, memberId: string = crypto.randomUUID()) {
	const db = new KoersDatabase(`sync-test-${++devices}`);
	await db.open();
	const now = new Date().toISOString();
	await db.profile.put({
		id: 'me',
		memberId,
		role,
		createdAt: now,
		updatedAt: now,
		payload: { name }
	});
	return { db, memberId };
}

export function statement(ownerId: string, text: string, visibility: Visibility): StatementRecord {
	const now = new Date().toISOString();
	return {
		id: crypto.randomUUID(),
		ownerId,
		kind: 'vision',
		theme: 'care',
		visibility,
		order: 0,
		createdAt: now,
		updatedAt: now,
		payload: { text, childIds: [] }
	};
}

export const sync = async (db: KoersDatabase, spaceId: string) => {
	const space = new SpaceSync(db, spaceId);
	await space.sync();
	return space;
};

/** Lets `joiner` in with an invite made on `inviter`'s device, as the screens do. */
export async function letIn(
	inviter: KoersDatabase,
	joiner: KoersDatabase,
	spaceId: string,
	role: Role,
	ownDevice = false
) {
	const space = (await inviter.spaces.get(spaceId))!;
	const invite = await createInvite(inviter, space, role, ownDevice);
	expect(await joinSpace(joiner, invite)).toMatchObject({ ok: true });
	await sync(inviter, spaceId);
	const answered = (await inviter.invites.get(invite.inviteId))!;
	expect(answered.status).toBe('answered');
	await admit(inviter, space, answered);
	await sync(inviter, spaceId);
	await sync(joiner, spaceId);
	expect((await joiner.spaces.get(spaceId))!.joining).toBeUndefined();
}

export const sharedTexts = async (db: KoersDatabase) =>
	(await db.shared.toArray())
		.filter((r) => !r.removed)
		.map((r) => (r.payload.payload as { text: string }).text)
		.sort();

/** Counsellor Karin's family with parents Anna and Bart, who said yes to each other. */
export async function familyOfThree(name = 'Gezin Jansen') {
	const karin = await device('Karin', 'counsellor');
	const anna = await device('Anna', 'parent');
	const bart = await device('Bart', 'parent');
	const { id } = await createSpace(karin.db, name);
	await letIn(karin.db, anna.db, id, 'parent');
	await letIn(karin.db, bart.db, id, 'parent');
	await sync(anna.db, id);
	await agreeToPerson(anna.db, (await anna.db.spaces.get(id))!, bart.memberId);
	for (const db of [anna.db, bart.db, karin.db]) await sync(db, id);
	return { karin, anna, bart, id };
}
