import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '$lib/server/relay/settings';
import { SpaceSync } from './engine.svelte';
import { LiveFeed } from './live-feed';
import { fetchOps } from './relay-client';
import { createSpace } from './spaces';
import { ctx, device, letIn, sharedTexts, startRelay, statement, sync } from './test-family';

beforeAll(startRelay, 30_000);
afterAll(() => vi.unstubAllGlobals());

const tokenOf = async (db: Awaited<ReturnType<typeof device>>['db'], id: string) =>
	(await db.spaces.get(id))!.token;

describe('a device and the relay limits', () => {
	it('a full space keeps what waits on the device, says so, and sends it once there is room', async () => {
		const counsellor = await device('Fatima', 'counsellor');
		const anna = await device('Anna', 'parent');
		const { id } = await createSpace(counsellor.db, 'Gezin Kaya');
		await letIn(counsellor.db, anna.db, id, 'parent');
		const { used } = await fetchOps(id, await tokenOf(anna.db, id), 0);
		ctx.settings.spaceQuotaBytes = used + 10;
		try {
			await anna.db.statements.add(statement(anna.memberId, 'wat ik wil voor Mila', 'family'));
			const annaSync = await sync(anna.db, id);
			expect(annaSync.state).toBe('problem');
			expect(annaSync.problem).toBe('quota-reached');
			expect(annaSync.waiting).toBeGreaterThan(0);
			const full = (await anna.db.spaces.get(id))!.relayUse!;
			expect(full).toMatchObject({ quota: used + 10 });
			expect(full.fullAt).toBeDefined();
			await sync(counsellor.db, id);
			expect(await sharedTexts(counsellor.db)).toEqual([]);
			// The counsellor's device hears how full it is from reading alone.
			expect((await counsellor.db.spaces.get(id))!.relayUse!.used).toBe(used);
		} finally {
			ctx.settings.spaceQuotaBytes = DEFAULT_SETTINGS.spaceQuotaBytes;
		}
		const annaSync = await sync(anna.db, id);
		expect(annaSync.state).toBe('up-to-date');
		expect((await anna.db.spaces.get(id))!.relayUse!.fullAt).toBeUndefined();
		await sync(counsellor.db, id);
		expect(await sharedTexts(counsellor.db)).toEqual(['wat ik wil voor Mila']);
	});

	// Its waits (up to 10 s for the texts, 5 s for the closed stream) need more than the default.
	it(
		'a counsellor in seven families hears all of them over one stream',
		{ timeout: 30_000 },
		async () => {
			const counsellor = await device('Karin', 'counsellor');
			const families = [];
			for (let i = 0; i < 7; i++) {
				const parent = await device(`Ouder ${i}`, 'parent');
				const { id } = await createSpace(counsellor.db, `Gezin ${i}`);
				await letIn(counsellor.db, parent.db, id, 'parent');
				families.push({ id, parent });
			}
			const streams = vi.fn();
			const stubbed = globalThis.fetch;
			vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
				if (input === '/api/events') streams();
				return stubbed(input, init);
			});
			const feed = new LiveFeed(counsellor.db);
			const syncs = families.map(({ id }) => new SpaceSync(counsellor.db, id, feed));
			try {
				for (const s of syncs) s.start();
				await expect.poll(() => syncs.every((s) => s.state === 'up-to-date')).toBe(true);
				for (const [i, { id, parent }] of families.entries()) {
					await parent.db.statements.add(statement(parent.memberId, `visie ${i}`, 'counsellors'));
					await sync(parent.db, id);
				}
				await expect
					.poll(async () => (await sharedTexts(counsellor.db)).length, { timeout: 10_000 })
					.toBe(7);
				expect(await sharedTexts(counsellor.db)).toEqual(
					families.map((_, i) => `visie ${i}`).sort()
				);
				expect(streams, 'one stream for all seven').toHaveBeenCalledTimes(1);
				expect(ctx.streams.size).toBe(1);
			} finally {
				for (const s of syncs) s.stop();
				vi.stubGlobal('fetch', stubbed);
			}
			// The relay learns of a closed stream when its socket closes: slower on a busy machine.
			await expect.poll(() => ctx.streams.size, { timeout: 5000 }).toBe(0);
		}
	);
});
