import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KoersDatabase } from '$lib/db/database';
import type { InviteRecord, SpaceRecord } from '$lib/db/schema';
import { readAll } from '$lib/lock/rebuild';
import { deviceFor } from './device';
import { saveItem } from './items';
import { fetchOps, postOps } from './relay-client';
import { KeysInUseError, keysInUse, rekeyed, unsealedKeys } from './rekey';
import { devicesOf, sealOp } from './roster';
import { FILE_FORMAT, importShared } from './transfer-file';
import { familyOfThree, sharedTexts, startRelay, statement, sync } from './test-family';

/**
 * Turning the app lock on gives the device new keys (see rekey.ts). Here the database is
 * rewritten as the lock's rebuild does, without the seal (app-lock.svelte.test.ts seals), and
 * the family's devices take the new keys through the real relay and apply path.
 */
beforeAll(startRelay, 30_000);
afterAll(() => vi.unstubAllGlobals());

const family = () => familyOfThree();

/** The database written again from what the lock's rebuild would write. */
async function rewrite(db: KoersDatabase, change: (c: Map<string, unknown[]>) => Promise<unknown>) {
	const contents = (await change(await readAll(db))) as Map<string, unknown[]>;
	await db.transaction('rw', db.tables, async () => {
		for (const table of db.tables) {
			await table.clear();
			await table.bulkPut(contents.get(table.name) ?? []);
		}
	});
}

const problems = async (db: KoersDatabase) =>
	(await db.syncProblems.toArray()).map((p) => p.problem);
const token = async (db: KoersDatabase, id: string) => (await db.spaces.get(id))!.token;
const agendaTexts = async (db: KoersDatabase, id: string) =>
	(await db.spaceItems.where('spaceId').equals(id).toArray())
		.filter((row) => row.table === 'agenda' && !row.removed)
		.map((row) => (row.payload as { source: { text: string } }).source.text);

const agendaItem = (text: string) => ({
	conversationId: 'c1',
	addedAt: new Date().toISOString(),
	source: { kind: 'topic', text }
});

describe('new keys when the lock goes on', () => {
	it('the family takes the new keys, and what was sealed for the old one comes again', async () => {
		const { karin, anna, bart, id } = await family();
		const before = await deviceFor(anna.db, id);
		await rewrite(anna.db, rekeyed);

		const after = await deviceFor(anna.db, id);
		expect(after.deviceId).toBe(before.deviceId);
		expect(after.signingPublic).not.toBe(before.signingPublic);
		expect(after.encryptionPublic).not.toBe(before.encryptionPublic);
		// Stored as bytes for the lock to seal; in memory as keys no script can read.
		const stored = (await anna.db.device.get(`space:${id}`))!;
		expect(stored.encryption).toBeUndefined();
		expect(stored.secretKeys?.signing).toMatch(/^[A-Za-z0-9_-]{40,}$/);
		expect(after.signing.privateKey.extractable).toBe(false);

		// Karin writes before she has heard of the new keys: sealed for the old one.
		await saveItem(karin.db, id, 'agenda', 'a1', agendaItem('Vakanties'));
		await sync(karin.db, id);
		await sync(anna.db, id);
		expect(await agendaTexts(anna.db, id)).toEqual([]);

		for (const db of [karin.db, bart.db, anna.db]) await sync(db, id);
		expect(await agendaTexts(anna.db, id)).toEqual(['Vakanties']);
		for (const db of [karin.db, bart.db]) {
			const anna2 = (await devicesOf(db, id)).find((d) => d.deviceId === before.deviceId)!;
			expect(anna2.signingKey).toBe(after.signingPublic);
			expect(anna2.encryptionKey).toBe(after.encryptionPublic);
			expect(anna2.formerKeys).toEqual([
				{ signingKey: before.signingPublic, untilSeq: expect.any(Number) }
			]);
		}

		// What she writes now is signed with the new key and believed.
		await anna.db.statements.add(statement(anna.memberId, 'Na het slot', 'family'));
		await sync(anna.db, id);
		for (const db of [karin.db, bart.db]) {
			await sync(db, id);
			expect(await sharedTexts(db)).toContain('Na het slot');
		}
		for (const db of [karin.db, bart.db, anna.db]) expect(await problems(db)).toEqual([]);
	});

	it('the old key is refused afterwards, also for a rekey copied later; reading again changes nothing', async () => {
		const { karin, anna, bart, id } = await family();
		const old = await deviceFor(anna.db, id);
		await rewrite(anna.db, rekeyed);
		// The rekey is the one op sealed before it is sent, and the first to go.
		const sealedFirst = (await anna.db.outbox.toArray()).filter((entry) => entry.body);
		expect(sealedFirst).toHaveLength(1);
		const rekey = sealedFirst[0]!;
		await sync(anna.db, id);
		await sync(karin.db, id);
		const { ops } = await fetchOps(id, await token(karin.db, id), 0, 1000);
		expect(ops.map((entry) => entry.body)).toContain(rekey.body);

		// Whoever copied the phone's files has the old key: what it signs now is not believed.
		const readers = await devicesOf(karin.db, id);
		const forged = statement(anna.memberId, 'Met de oude sleutel', 'family');
		const op = {
			t: 'record' as const,
			table: 'statements' as const,
			id: forged.id,
			owner: anna.memberId,
			stamp: `${String(Date.now()).padStart(15, '0')}:00000:${old.deviceId.replace(/-/g, '')}`,
			visibility: 'family' as const,
			record: { ...forged }
		};
		await postOps(id, await token(anna.db, id), [
			await sealOp(old, id, op, readers),
			// The relay copies the rekey to a later number.
			rekey.body!
		]);
		await sync(karin.db, id);
		await sync(bart.db, id);
		for (const db of [karin.db, bart.db]) {
			expect(await sharedTexts(db)).not.toContain('Met de oude sleutel');
			expect(await problems(db)).toEqual(['bad-signature', 'bad-signature']);
		}

		// The log read again from the start (a relay that lost its numbers): the same keys.
		await karin.db.spaces.update(id, { lastSeq: 0, lastMark: undefined });
		await sync(karin.db, id);
		const annaNow = (await devicesOf(karin.db, id)).find((d) => d.deviceId === old.deviceId)!;
		expect(annaNow.signingKey).toBe((await deviceFor(anna.db, id)).signingPublic);
		expect(annaNow.formerKeys).toHaveLength(1);
		expect(await problems(karin.db)).toEqual(['bad-signature', 'bad-signature']);
	});

	it('a rekey carried in a file, or sent with another token, is set aside', async () => {
		const { karin, anna, bart, id } = await family();
		const old = await deviceFor(anna.db, id);
		await rewrite(anna.db, rekeyed);
		const [rekey] = (await anna.db.outbox.toArray()).filter((entry) => entry.body);
		const file = new Blob([
			JSON.stringify({ format: FILE_FORMAT, version: 1, spaceId: id, ops: [rekey!.body] })
		]);
		const space = (await karin.db.spaces.get(id))!;
		expect(await importShared(karin.db, space, file)).toEqual({
			ok: true,
			applied: 0,
			setAside: 1
		});
		await postOps(id, await token(bart.db, id), [rekey!.body!]);
		await sync(karin.db, id);
		const annaAtKarin = (await devicesOf(karin.db, id)).find((d) => d.deviceId === old.deviceId)!;
		expect(annaAtKarin.signingKey).toBe(old.signingPublic);
		// What a file brings is counted there; the relay's op is kept as a problem.
		expect(await problems(karin.db)).toEqual(['not-allowed']);
	});

	it("a rekey that takes another device's key is set aside", async () => {
		const { karin, anna, bart, id } = await family();
		const bartDevice = await deviceFor(bart.db, id);
		const annaDevice = await deviceFor(anna.db, id);
		const readers = await devicesOf(bart.db, id);
		await postOps(id, await token(bart.db, id), [
			await sealOp(
				bartDevice,
				id,
				{
					t: 'rekey',
					encryptionKey: annaDevice.encryptionPublic,
					signingKey: annaDevice.signingPublic
				},
				readers
			)
		]);
		await sync(karin.db, id);
		expect(await problems(karin.db)).toEqual(['not-allowed']);
		const bartAtKarin = (await devicesOf(karin.db, id)).find(
			(d) => d.deviceId === bartDevice.deviceId
		)!;
		expect(bartAtKarin.signingKey).toBe(bartDevice.signingPublic);
	});

	it('turned off again, the keys are the same, and no script can read them', async () => {
		const { anna, id } = await family();
		await rewrite(anna.db, rekeyed);
		const sealed = await deviceFor(anna.db, id);
		await rewrite(anna.db, unsealedKeys);
		const stored = (await anna.db.device.get(`space:${id}`))!;
		expect(stored.secretKeys).toBeUndefined();
		expect(stored.signing?.privateKey.extractable).toBe(false);
		expect(stored.signingPublic).toBe(sealed.signingPublic);
	});
});

describe('what waits on the present keys', () => {
	const space = (joining: boolean, leftAt?: string) =>
		({
			id: 's',
			joining: joining ? { deviceId: 'd' } : undefined,
			...(leftAt ? { leftAt } : {})
		}) as SpaceRecord;
	const invite = (status: InviteRecord['status'], hoursLeft: number) =>
		({
			status,
			expiresAt: new Date(Date.now() + hoursLeft * 3_600_000).toISOString()
		}) as InviteRecord;

	it('a join not finished, or an invite still open or answered, keeps the lock off', () => {
		expect(keysInUse([space(true)], [])).toBe('joining');
		expect(keysInUse([space(true, '2026-01-01')], [])).toBeUndefined();
		expect(keysInUse([space(false)], [invite('open', 2)])).toBe('invite-open');
		expect(keysInUse([], [invite('answered', 2)])).toBe('invite-open');
		expect(keysInUse([], [invite('open', -1), invite('admitted', 2)])).toBeUndefined();
	});

	it('the rebuild is refused while one waits', async () => {
		const contents = new Map<string, unknown[]>([['spaces', [space(true)]]]);
		await expect(rekeyed(contents)).rejects.toBeInstanceOf(KeysInUseError);
	});
});
