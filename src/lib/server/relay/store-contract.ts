import { expect, it } from 'vitest';
import { createRelayStore, migrate, type RelayStore, type Sql } from './store';

/** Starting an embedded database takes a few seconds when the test files run side by side. */
const TIMEOUT = 30_000;

/** The behaviour every storage backend must show; run by each backend's test file. */
export function relayStoreContract(makeSql: () => Promise<Sql>) {
	const now = new Date('2026-03-10T20:00:00Z');

	async function fresh(): Promise<{ sql: Sql; store: RelayStore }> {
		const sql = await makeSql();
		await migrate(sql);
		return { sql, store: createRelayStore(sql) };
	}

	it(
		'appends in order per space, hands out "everything after N", and keeps spaces apart',
		async () => {
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
			const page = await store.read('space-a', 1, 1);
			expect([page.ops.map((op) => op.seq), page.last]).toEqual([[2], 3]);
			expect(await store.read('space-a', 3, 10)).toEqual({ ops: [], last: 3 });
			expect(await store.read('space-c', 0, 10)).toEqual({ ops: [], last: 0 });
			await store.close();
		},
		TIMEOUT
	);

	it(
		'runs its migrations once, also when started twice',
		async () => {
			const { sql, store } = await fresh();
			await migrate(sql);
			const versions = await sql.query<{ version: number }>(
				'SELECT version FROM relay_migrations ORDER BY version'
			);
			expect(versions.map((v) => Number(v.version))).toEqual([1, 2, 3, 4]);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'keeps every op exactly as sent, whatever characters it holds',
		async () => {
			const { store } = await fresh();
			const bodies = [
				'NULL',
				'',
				' padded ',
				'{"sealed":"a,b"}',
				'quote " and back\\slash',
				'{}',
				'line\nbreak\ttab',
				'ünïcødé 👪',
				'x'.repeat(64 * 1024)
			];
			expect(await store.append('space-a', 'hash-1', bodies, now)).toEqual(
				bodies.map((_, i) => i + 1)
			);
			const stored = await store.since('space-a', 0, 100);
			expect(stored.map((op) => op.body)).toEqual(bodies);
			expect(stored.map((op) => op.size)).toEqual(
				bodies.map((body) => new TextEncoder().encode(body).length)
			);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'a failed batch stores nothing and takes no numbers',
		async () => {
			const { store } = await fresh();
			await store.append('space-a', 'hash-1', ['first'], now);
			await expect(store.append('space-a', 'hash-1', ['ok', 'bad\u0000'], now)).rejects.toThrow();
			expect(await store.append('space-a', 'hash-1', ['second'], now)).toEqual([2]);
			expect((await store.since('space-a', 0, 10)).map((op) => op.body)).toEqual([
				'first',
				'second'
			]);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'makes a space once, with its first member',
		async () => {
			const { store } = await fresh();
			expect(await store.lastSeq('space-a')).toBe(0);
			expect(await store.createSpace('space-a', 'hash-1', now)).toBe(true);
			expect(await store.createSpace('space-a', 'hash-2', now)).toBe(false);
			expect(await store.isMember('space-a', 'hash-1')).toBe(true);
			expect(await store.isMember('space-a', 'hash-2'), 'the refused maker').toBe(false);
			expect(await store.isMember('space-b', 'hash-1'), 'a token belongs to one space').toBe(false);
			expect(await store.lastSeq('space-a')).toBe(0);
			await store.append('space-a', 'hash-1', ['op1', 'op2'], now);
			expect(await store.lastSeq('space-a')).toBe(2);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'an invite admits one new token and appends its hello, once',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			await store.append('space-a', 'hash-1', ['op1'], now);
			await store.addInvite('space-a', 'invite-1', new Date(now.getTime() + 60_000));
			expect(await store.join('space-a', 'invite-1', 'hash-2', 'hello', now)).toBe(2);
			expect(await store.isMember('space-a', 'hash-2')).toBe(true);
			expect((await store.since('space-a', 1, 10)).map((op) => op.body)).toEqual(['hello']);
			expect(await store.lastSeq('space-a')).toBe(2);
			expect(await store.join('space-a', 'invite-1', 'hash-3', 'hello again', now)).toBe('used');
			// Registering a used invite again does not make it new.
			await store.addInvite('space-a', 'invite-1', new Date(now.getTime() + 60_000));
			expect(await store.join('space-a', 'invite-1', 'hash-3', 'hello again', now)).toBe('used');
			expect(await store.isMember('space-a', 'hash-3')).toBe(false);
			expect(await store.lastSeq('space-a')).toBe(2);
			await store.close();
		},
		TIMEOUT
	);

	it(
		"refuses unknown, expired and other spaces' invites, and taken tokens, changing nothing",
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			await store.createSpace('space-b', 'hash-9', now);
			await store.addInvite('space-a', 'expired', now);
			await store.addInvite('space-a', 'valid', new Date(now.getTime() + 1000));
			expect(await store.join('space-a', 'nope', 'hash-2', 'hello', now)).toBe('unknown');
			expect(await store.join('space-b', 'valid', 'hash-2', 'hello', now)).toBe('unknown');
			expect(await store.join('space-a', 'expired', 'hash-2', 'hello', now)).toBe('expired');
			const later = new Date(now.getTime() + 1000);
			expect(await store.join('space-a', 'valid', 'hash-2', 'hello', later)).toBe('expired');
			expect(await store.join('space-a', 'valid', 'hash-1', 'hello', now)).toBe('token-taken');
			expect(await store.isMember('space-a', 'hash-2')).toBe(false);
			expect(await store.lastSeq('space-a')).toBe(0);
			expect(await store.since('space-a', 0, 10)).toEqual([]);
			// The invite the taken token tried is still unused.
			expect(await store.join('space-a', 'valid', 'hash-2', 'hello', now)).toBe(1);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'a join that fails while appending leaves the invite unused and the token out',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			await store.addInvite('space-a', 'invite-1', new Date(now.getTime() + 60_000));
			await expect(store.join('space-a', 'invite-1', 'hash-2', 'bad\u0000', now)).rejects.toThrow();
			expect(await store.isMember('space-a', 'hash-2')).toBe(false);
			expect(await store.lastSeq('space-a')).toBe(0);
			expect(await store.join('space-a', 'invite-1', 'hash-2', 'hello', now)).toBe(1);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'a revoked token is no member any more, and cannot come back with the same hash',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			await store.addInvite('space-a', 'invite-1', new Date(now.getTime() + 60_000));
			await store.addInvite('space-a', 'invite-2', new Date(now.getTime() + 60_000));
			await store.join('space-a', 'invite-1', 'hash-2', 'hello', now);
			expect(await store.revoke('space-a', 'hash-2', now)).toBe(true);
			expect(await store.revoke('space-a', 'hash-2', now), 'revoked already').toBe(false);
			expect(await store.revoke('space-b', 'hash-1', now), 'another space').toBe(false);
			expect(await store.isMember('space-a', 'hash-2')).toBe(false);
			expect(await store.isMember('space-a', 'hash-1')).toBe(true);
			expect(await store.join('space-a', 'invite-2', 'hash-2', 'hello', now)).toBe('token-taken');
			expect(await store.isMember('space-a', 'hash-2')).toBe(false);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'announces the highest number to subscribers of the space after an append, a join and a revoke',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			const heard: number[] = [];
			const other: number[] = [];
			const stop = await store.subscribe('space-a', (seq) => heard.push(seq));
			await store.subscribe('space-b', (seq) => other.push(seq));
			await store.append('space-a', 'hash-1', ['op1', 'op2'], now);
			await expect.poll(() => heard).toEqual([2]);
			await store.addInvite('space-a', 'invite-1', new Date(now.getTime() + 60_000));
			await store.join('space-a', 'invite-1', 'hash-2', 'hello', now);
			await expect.poll(() => heard).toEqual([2, 3]);
			await store.revoke('space-a', 'hash-2', now);
			await expect.poll(() => heard).toEqual([2, 3, 3]);
			// A refused join and a failed batch announce nothing.
			await store.join('space-a', 'invite-1', 'hash-3', 'hello', now);
			await expect(store.append('space-a', 'hash-1', ['bad\u0000'], now)).rejects.toThrow();
			stop();
			await store.append('space-a', 'hash-1', ['op4'], now);
			await store.append('space-b', 'hash-9', ['elsewhere'], now);
			await expect.poll(() => other).toEqual([1]);
			expect(heard).toEqual([2, 3, 3]);
			await store.close();
		},
		TIMEOUT
	);
}
