import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRelay } from './open-relay';
import { postgresSql } from './postgres-sql';
import { createRelayStore, migrate } from './store';
import { relayStoreContract } from './store-contract';
import { findPostgresBin, startPostgres } from './test-postgres';

const bin = findPostgresBin();
if (!bin && process.env.CI) {
	throw new Error(
		'PostgreSQL is needed for the relay tests in CI: .ci/run installs it (apt-get install postgresql).'
	);
}
if (!bin) {
	console.warn(
		'Relay tests on PostgreSQL skipped: install it with `sudo apt-get install postgresql` to run them.'
	);
}

describe.skipIf(!bin)('relay store on PostgreSQL', () => {
	let server: Awaited<ReturnType<typeof startPostgres>>;
	let databases = 0;

	beforeAll(async () => {
		server = await startPostgres(bin!);
	}, 60_000);
	afterAll(() => server?.stop());

	/** A fresh database per test, so tests never see each other's logs. */
	async function freshUrl(): Promise<string> {
		const name = `relay_${++databases}`;
		const admin = new pg.Client({ connectionString: server.url });
		await admin.connect();
		await admin.query(`CREATE DATABASE ${name}`);
		await admin.end();
		return server.url.replace(/\/postgres$/, `/${name}`);
	}

	relayStoreContract(async () => postgresSql(await freshUrl()));

	it('is chosen when a database URL is given, with its tables made at start', async () => {
		const relay = await openRelay({ databaseUrl: await freshUrl(), dataDir: '/nonexistent' });
		expect(relay.storage).toBe('postgres');
		expect((await relay.store.append('space', 'token', ['op'], new Date())).seqs).toEqual([1]);
		await relay.store.close();
	});

	it('two relay processes appending at once never commit numbers out of order or with gaps', async () => {
		const url = await freshUrl();
		// Two independent pools stand for two relay processes in front of one database.
		const [one, two] = [postgresSql(url), postgresSql(url)];
		const [storeOne, storeTwo] = [createRelayStore(one), createRelayStore(two)];
		try {
			await Promise.all([migrate(one), migrate(two)]);
			const now = new Date();
			const batches = Array.from({ length: 40 }, (_, i) => [`${i}-a`, `${i}-b`, `${i}-c`]);
			const results = await Promise.all(
				batches.map((batch, i) =>
					(i % 2 ? storeOne : storeTwo).append('space', `token-${i % 2}`, batch, now)
				)
			);
			for (const { seqs } of results) {
				expect(seqs[2]! - seqs[0]!, 'a batch is contiguous').toBe(2);
			}
			const log = await storeOne.since('space', 0, 1000);
			expect(log.map((op) => op.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
			// Every batch's ops stand together, in the order they were sent.
			for (const batch of batches) {
				const at = log.findIndex((op) => op.body === batch[0]);
				expect(log.slice(at, at + 3).map((op) => op.body)).toEqual(batch);
			}
		} finally {
			await storeOne.close();
			await storeTwo.close();
		}
	}, 60_000);

	it('a subscriber in one relay process hears of a batch appended through another', async () => {
		const url = await freshUrl();
		const [one, two] = [postgresSql(url), postgresSql(url)];
		const [storeOne, storeTwo] = [createRelayStore(one), createRelayStore(two)];
		try {
			await migrate(one);
			const heard: number[] = [];
			await storeOne.subscribe('space', { seq: (seq) => heard.push(seq), revoked: () => {} });
			await storeTwo.append('space', 'token', ['a', 'b'], new Date());
			await expect.poll(() => heard).toEqual([2]);
			await storeTwo.append('space', 'token', ['c'], new Date());
			await expect.poll(() => heard).toEqual([2, 3]);
		} finally {
			await storeOne.close();
			await storeTwo.close();
		}
	});

	it('listens again after its listening connection is cut', async () => {
		const url = await freshUrl();
		const store = await openRelay({ databaseUrl: url, dataDir: '/nonexistent' });
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		try {
			const heard: number[] = [];
			await store.store.subscribe('space', { seq: (seq) => heard.push(seq), revoked: () => {} });
			const cut = await admin.query(
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"
			);
			expect(cut.rowCount).toBe(1);
			// Announcements while it reconnects are lost (streams catch up at their next ping);
			// keep appending until one is heard.
			await expect
				.poll(
					async () => {
						await store.store.append('space', 'token', ['op'], new Date());
						return heard.length;
					},
					{ timeout: 10_000, interval: 200 }
				)
				.toBeGreaterThan(0);
		} finally {
			await admin.end();
			await store.store.close();
		}
	}, 20_000);
});
