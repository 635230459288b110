import { expect, it } from 'vitest';
import { createRelayStore, migrate, type RelayStore, type Sql } from './store';

/** The behaviour every storage backend must show; run by each backend's test file. */
export function relayStoreContract(makeSql: () => Promise<Sql>) {
	const now = new Date('2026-03-10T20:00:00Z');

	async function fresh(): Promise<{ sql: Sql; store: RelayStore }> {
		const sql = await makeSql();
		await migrate(sql);
		return { sql, store: createRelayStore(sql) };
	}

	it('appends in order per space, hands out "everything after N", and keeps spaces apart', async () => {
		const { store } = await fresh();
		expect(await store.append('space-a', 'hash-1', ['op1', 'op2'], now)).toEqual([1, 2]);
		expect(await store.append('space-b', 'hash-2', ['other'], now)).toEqual([1]);
		expect(await store.append('space-a', 'hash-1', ['op3'], now)).toEqual([3]);
		expect(await store.append('space-a', 'hash-1', [], now)).toEqual([]);
		const after1 = await store.since('space-a', 1, 100);
		expect(after1.map((op) => [op.seq, op.body])).toEqual([
			[2, 'op2'],
			[3, 'op3']
		]);
		expect(after1[0]).toMatchObject({ size: 3, receivedAt: now.toISOString() });
		expect((await store.since('space-a', 0, 2)).map((op) => op.seq)).toEqual([1, 2]);
		expect(await store.since('space-c', 0, 10)).toEqual([]);
		await store.close();
	});

	it('runs its migrations once, also when started twice', async () => {
		const { sql, store } = await fresh();
		await migrate(sql);
		const versions = await sql.query<{ version: number }>(
			'SELECT version FROM relay_migrations ORDER BY version'
		);
		expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
		await store.close();
	});

	it('a failed batch stores nothing and takes no numbers', async () => {
		const { store } = await fresh();
		await store.append('space-a', 'hash-1', ['first'], now);
		await expect(store.append('space-a', 'hash-1', ['ok', 'bad\u0000'], now)).rejects.toThrow();
		expect(await store.append('space-a', 'hash-1', ['second'], now)).toEqual([2]);
		expect((await store.since('space-a', 0, 10)).map((op) => op.body)).toEqual(['first', 'second']);
		await store.close();
	});
}
