import { expect, it } from 'vitest';
import { createRelayStore, migrate, QuotaReached, type RelayStore, type Sql } from './store';

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
			expect(await store.append('space-a', 'hash-1', ['op1', 'op2'], now)).toEqual({
				seqs: [1, 2],
				used: 6
			});
			expect((await store.append('space-b', 'hash-2', ['other'], now)).seqs).toEqual([1]);
			expect(await store.append('space-a', 'hash-1', ['op3'], now)).toEqual({
				seqs: [3],
				used: 9
			});
			expect(await store.append('space-a', 'hash-1', [], now)).toEqual({ seqs: [], used: 9 });
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
			expect(await store.read('space-a', 3, 10)).toEqual({ ops: [], last: 3, used: 9 });
			expect(await store.read('space-c', 0, 10)).toEqual({ ops: [], last: 0, used: 0 });
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
			expect(versions.map((v) => Number(v.version))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
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
			expect((await store.append('space-a', 'hash-1', bodies, now)).seqs).toEqual(
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
			expect((await store.append('space-a', 'hash-1', ['second'], now)).seqs).toEqual([2]);
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
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
			expect(await store.join('space-a', 'invite-1', 'hash-2', 'hello', now)).toBe(2);
			expect(await store.isMember('space-a', 'hash-2')).toBe(true);
			expect((await store.since('space-a', 1, 10)).map((op) => op.body)).toEqual(['hello']);
			expect(await store.lastSeq('space-a')).toBe(2);
			expect(await store.join('space-a', 'invite-1', 'hash-3', 'hello again', now)).toBe('used');
			// Registering a used invite again does not make it new.
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
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
			await store.addInvite('space-a', 'hash-1', 'expired', now);
			await store.addInvite('space-a', 'hash-1', 'valid', new Date(now.getTime() + 1000));
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
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
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
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
			await store.addInvite('space-a', 'hash-1', 'invite-2', new Date(now.getTime() + 60_000));
			await store.join('space-a', 'invite-1', 'hash-2', 'hello', now);
			expect(await store.revoke('space-a', 'hash-1', 'hash-2', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'hash-1', 'hash-2', now), 'revoked already').toBe(
				'unknown'
			);
			expect(await store.revoke('space-b', 'hash-1', 'hash-1', now), 'another space').toBe(
				'unknown'
			);
			expect(await store.isMember('space-a', 'hash-2')).toBe(false);
			expect(await store.isMember('space-a', 'hash-1')).toBe(true);
			expect(await store.join('space-a', 'invite-2', 'hash-2', 'hello', now)).toBe('token-taken');
			expect(await store.isMember('space-a', 'hash-2')).toBe(false);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'a token that is not admin may revoke itself and the tokens that joined through its invites, nothing else',
		async () => {
			const { store } = await fresh();
			const later = new Date(now.getTime() + 60_000);
			await store.createSpace('space-a', 'maker', now);
			await store.addInvite('space-a', 'maker', 'for-parent', later);
			await store.addInvite('space-a', 'maker', 'for-other', later);
			await store.join('space-a', 'for-parent', 'parent', 'hello', now);
			await store.join('space-a', 'for-other', 'other', 'hello', now);
			await store.addInvite('space-a', 'parent', 'for-tablet', later);
			await store.addInvite('space-a', 'parent', 'for-phone', later);
			await store.addInvite('space-a', 'parent', 'unused', later);
			await store.join('space-a', 'for-tablet', 'tablet', 'hello', now);
			await store.join('space-a', 'for-phone', 'phone', 'hello', now);
			const before = await store.lastSeq('space-a');

			for (const target of ['maker', 'other']) {
				expect(await store.revoke('space-a', 'parent', target, now), target).toBe('not-allowed');
				expect(await store.isMember('space-a', target), target).toBe(true);
			}
			expect(await store.revoke('space-a', 'tablet', 'parent', now), 'its inviter').toBe(
				'not-allowed'
			);
			expect(await store.revoke('space-a', 'parent', 'nobody', now)).toBe('unknown');
			expect(await store.lastSeq('space-a'), 'a refusal announces nothing').toBe(before);

			expect(await store.revoke('space-a', 'parent', 'tablet', now)).toBe('revoked');
			expect(await store.isMember('space-a', 'tablet')).toBe(false);
			expect(await store.revoke('space-a', 'parent', 'tablet', now), 'again').toBe('unknown');
			expect(await store.revoke('space-a', 'other', 'other', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'parent', 'parent', now)).toBe('revoked');
			expect(await store.isMember('space-a', 'parent')).toBe(false);
			// A revoked token revokes nothing, not even what it invited.
			expect(await store.revoke('space-a', 'parent', 'phone', now)).toBe('not-allowed');
			expect(await store.isMember('space-a', 'phone')).toBe(true);
			// Nor does an invite it made before it was revoked let anyone in.
			expect(await store.join('space-a', 'unused', 'comeback', 'hello', now)).toBe('unknown');
			expect(await store.isMember('space-a', 'comeback')).toBe(false);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'the maker and tokens joined through its admin invites are admin and may revoke any token; only an admin registers admin invites',
		async () => {
			const { store } = await fresh();
			const later = new Date(now.getTime() + 60_000);
			await store.createSpace('space-a', 'maker', now);
			expect(await store.addInvite('space-a', 'maker', 'for-counsellor', later, true)).toBe(true);
			expect(await store.addInvite('space-a', 'maker', 'for-parent', later)).toBe(true);
			await store.join('space-a', 'for-counsellor', 'counsellor', 'hello', now);
			await store.join('space-a', 'for-parent', 'parent', 'hello', now);

			expect(await store.addInvite('space-a', 'parent', 'parent-admin', later, true)).toBe(false);
			expect(
				await store.join('space-a', 'parent-admin', 'sneaky', 'hello', now),
				'not stored'
			).toBe('unknown');
			expect(await store.addInvite('space-a', 'counsellor', 'for-second', later, true)).toBe(true);
			await store.join('space-a', 'for-second', 'second', 'hello', now);
			expect(await store.addInvite('space-a', 'parent', 'for-tablet', later)).toBe(true);
			await store.join('space-a', 'for-tablet', 'tablet', 'hello', now);

			expect(await store.revoke('space-a', 'second', 'tablet', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'counsellor', 'parent', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'counsellor', 'maker', now)).toBe('revoked');
			expect(await store.isMember('space-a', 'maker')).toBe(false);
			expect(await store.revoke('space-a', 'second', 'counsellor', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'second', 'maker', now), 'revoked already').toBe(
				'unknown'
			);
			expect(await store.isMember('space-a', 'second')).toBe(true);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'hands out with each op the hash of the token that posted it, a hello the joining one',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			await store.append('space-a', 'hash-1', ['op1'], now);
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
			await store.join('space-a', 'invite-1', 'hash-2', 'hello', now);
			await store.append('space-a', 'hash-2', ['op3'], now);
			const { ops } = await store.read('space-a', 0, 10);
			expect(ops.map((op) => [op.body, op.tokenHash])).toEqual([
				['op1', 'hash-1'],
				['hello', 'hash-2'],
				['op3', 'hash-2']
			]);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'a database from before admins and inviters keeps working: each maker becomes admin',
		async () => {
			const sql = await makeSql();
			await migrate(sql, 4);
			const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
			for (const [spaceId, tokenHash, minutes] of [
				['space-a', 'joined', 5],
				['space-a', 'maker', 0],
				['space-a', 'late', 9],
				['space-b', 'maker-b', 20]
			] as const) {
				await sql.query(
					'INSERT INTO relay_tokens (space_id, token_hash, created_at) VALUES ($1, $2, $3)',
					[spaceId, tokenHash, at(minutes)]
				);
			}
			await sql.query(
				`INSERT INTO relay_invites (space_id, invite_hash, expires_at) VALUES
				 ('space-a', 'used', $1), ('space-a', 'open', $2)`,
				[at(60), at(60)]
			);
			await sql.query("UPDATE relay_invites SET used_at = $1 WHERE invite_hash = 'used'", [at(5)]);
			await sql.query("INSERT INTO relay_spaces (space_id, last_seq) VALUES ('space-a', 1)");
			await sql.query(
				`INSERT INTO relay_ops (space_id, seq, token_hash, size, received_at, body)
				 VALUES ('space-a', 1, 'joined', 5, $1, 'hello')`,
				[at(5)]
			);
			await migrate(sql);
			const store = createRelayStore(sql);

			expect(await store.isMember('space-a', 'joined')).toBe(true);
			expect((await store.read('space-a', 0, 10)).ops).toMatchObject([
				{ seq: 1, body: 'hello', tokenHash: 'joined' }
			]);
			expect(await store.revoke('space-a', 'joined', 'late', now)).toBe('not-allowed');
			expect(await store.addInvite('space-a', 'joined', 'x', new Date(at(60)), true)).toBe(false);
			expect(await store.addInvite('space-b', 'maker-b', 'y', new Date(at(60)), true)).toBe(true);
			// The open invite from before still admits a token, which only it or an admin revokes.
			expect(await store.join('space-a', 'open', 'newcomer', 'hi', now)).toBe(2);
			expect(await store.revoke('space-a', 'joined', 'newcomer', now)).toBe('not-allowed');
			expect(await store.revoke('space-a', 'newcomer', 'newcomer', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'maker', 'late', now)).toBe('revoked');
			expect(await store.revoke('space-a', 'maker', 'joined', now)).toBe('revoked');
			expect(await store.isMember('space-a', 'maker')).toBe(true);
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
			const revoked: string[] = [];
			const stop = await store.subscribe('space-a', {
				seq: (seq) => heard.push(seq),
				revoked: (hash) => revoked.push(hash)
			});
			await store.subscribe('space-b', { seq: (seq) => other.push(seq), revoked: () => {} });
			await store.append('space-a', 'hash-1', ['op1', 'op2'], now);
			await expect.poll(() => heard).toEqual([2]);
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
			await store.join('space-a', 'invite-1', 'hash-2', 'hello', now);
			await expect.poll(() => heard).toEqual([2, 3]);
			await store.revoke('space-a', 'hash-1', 'hash-2', now);
			await expect.poll(() => heard).toEqual([2, 3, 3]);
			expect(revoked, 'which token').toEqual(['hash-2']);
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

	it(
		'refuses a whole batch that would pass the quota, storing nothing, and counts bytes',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			expect((await store.append('space-a', 'hash-1', ['12345', '67890'], now, 12)).used).toBe(10);
			const refused = store.append('space-a', 'hash-1', ['abc'], now, 12);
			await expect(refused).rejects.toBeInstanceOf(QuotaReached);
			await expect(refused).rejects.toMatchObject({ used: 10 });
			expect(await store.read('space-a', 0, 10)).toMatchObject({ last: 2, used: 10 });
			// What fits still goes; a join's hello always does.
			expect(await store.append('space-a', 'hash-1', ['ab'], now, 12)).toEqual({
				seqs: [3],
				used: 12
			});
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
			expect(await store.join('space-a', 'invite-1', 'hash-2', 'hello', now)).toBe(4);
			expect(await store.usage()).toEqual({ spaces: 1, bytes: 17 });
			await store.close();
		},
		TIMEOUT
	);

	it(
		'tells in one query which tokens are members, with the last number of their space',
		async () => {
			const { store } = await fresh();
			await store.createSpace('space-a', 'hash-1', now);
			await store.createSpace('space-b', 'hash-2', now);
			await store.append('space-a', 'hash-1', ['op1', 'op2'], now);
			await store.addInvite('space-a', 'hash-1', 'invite-1', new Date(now.getTime() + 60_000));
			await store.join('space-a', 'invite-1', 'hash-3', 'hello', now);
			await store.revoke('space-a', 'hash-1', 'hash-3', now);
			const asked = [
				{ spaceId: 'space-a', tokenHash: 'hash-1' },
				{ spaceId: 'space-b', tokenHash: 'hash-2' },
				{ spaceId: 'space-a', tokenHash: 'hash-3' },
				{ spaceId: 'space-b', tokenHash: 'hash-1' },
				{ spaceId: 'nowhere', tokenHash: 'hash-1' }
			];
			const states = await store.states(asked);
			const byPair = (spaceId: string, tokenHash: string) =>
				states.find((s) => s.spaceId === spaceId && s.tokenHash === tokenHash);
			expect(states).toHaveLength(5);
			expect(byPair('space-a', 'hash-1')).toMatchObject({ member: true, last: 3 });
			expect(byPair('space-b', 'hash-2')).toMatchObject({ member: true, last: 0 });
			expect(byPair('space-a', 'hash-3'), 'revoked').toMatchObject({ member: false, last: 3 });
			expect(byPair('space-b', 'hash-1'), 'other space').toMatchObject({ member: false });
			expect(byPair('nowhere', 'hash-1')).toMatchObject({ member: false, last: 0 });
			expect(await store.states([])).toEqual([]);
			await store.close();
		},
		TIMEOUT
	);

	it(
		'counts the bytes of spaces made before quotas',
		async () => {
			const sql = await makeSql();
			await migrate(sql, 7);
			await sql.query(`INSERT INTO relay_spaces (space_id, last_seq) VALUES ('old', 2)`);
			await sql.query(
				`INSERT INTO relay_ops (space_id, seq, token_hash, size, received_at, body)
				 VALUES ('old', 1, 'h', 4, now(), 'abcd'), ('old', 2, 'h', 3, now(), 'xyz')`
			);
			await migrate(sql);
			const store = createRelayStore(sql);
			expect((await store.read('old', 0, 10)).used).toBe(7);
			await store.close();
		},
		TIMEOUT
	);
}
