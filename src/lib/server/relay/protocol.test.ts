import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgliteSql } from './pglite-sql';
import {
	addInvite,
	appendOps,
	createSpace,
	earlyRefusal,
	events,
	join,
	metrics,
	readOps,
	relayContext,
	revoke,
	sha256Hex,
	type RelayContext
} from './protocol';
import { createRelayStore, migrate, type RelayStore, type Sql } from './store';

const newToken = () => randomBytes(32).toString('base64url');
const newSpaceId = () => randomBytes(16).toString('base64url');
const newSecret = () => randomBytes(32).toString('base64url');
const DAY = 24 * 60 * 60 * 1000;
/** The address honest requests come from in these tests. */
const HOME = '10.0.0.1';

let store: RelayStore;
let sql: Sql;
let ctx: RelayContext;
let clock: Date;

beforeAll(async () => {
	sql = await pgliteSql();
	await migrate(sql);
	store = createRelayStore(sql);
}, 30_000);
afterAll(() => store.close());
beforeEach(() => {
	clock = new Date('2026-03-10T20:00:00Z');
	ctx = relayContext(store, { now: () => clock });
});

function request(path: string, init: { token?: string; body?: unknown; raw?: BodyInit } = {}) {
	const headers: Record<string, string> = {};
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	const hasBody = init.body !== undefined || init.raw !== undefined;
	if (hasBody) headers['content-type'] = 'application/json';
	return new Request(`http://relay.test${path}`, {
		method: hasBody ? 'POST' : 'GET',
		headers,
		body: init.raw ?? (hasBody ? JSON.stringify(init.body) : undefined),
		// @ts-expect-error Node's fetch needs this for a streamed body; the DOM types lack it.
		duplex: 'half'
	});
}

/** The status and JSON of an answer, which must never be cached. */
async function result(response: Promise<Response>) {
	const answer = await response;
	expect(answer.headers.get('cache-control')).toBe('no-store');
	return { status: answer.status, body: await answer.json(), headers: answer.headers };
}

/** A space with its maker's token. */
async function space() {
	const spaceId = newSpaceId();
	const token = newToken();
	const made = await result(
		createSpace(ctx, request('/api/spaces', { body: { spaceId, token } }), '10.0.0.1')
	);
	expect(made).toMatchObject({ status: 201, body: {} });
	return { spaceId, token };
}

const post = (spaceId: string, token: string | undefined, ops: unknown) =>
	result(
		appendOps(ctx, request(`/api/spaces/${spaceId}/ops`, { token, body: { ops } }), spaceId, HOME)
	);

const read = (spaceId: string, token: string | undefined, query = '', from = HOME) =>
	result(readOps(ctx, request(`/api/spaces/${spaceId}/ops${query}`, { token }), spaceId, from));

const openStream = (spaces: { spaceId: string; token: string }[], from = HOME) =>
	events(ctx, request('/api/events', { body: { spaces } }), from);

/** The store, counting the queries that check tokens. */
function counting(inner: RelayStore) {
	let calls = 0;
	const counted: RelayStore = {
		...inner,
		isMember: (...args) => (calls++, inner.isMember(...args)),
		states: (...args) => (calls++, inner.states(...args))
	};
	return { store: counted, calls: () => calls };
}

async function invite(
	spaceId: string,
	token: string,
	expiresAt = clock.getTime() + DAY,
	admin?: unknown
) {
	const secret = newSecret();
	const answer = await result(
		addInvite(
			ctx,
			request(`/api/spaces/${spaceId}/invites`, {
				token,
				body: { inviteHash: sha256Hex(secret), expiresAt, admin }
			}),
			spaceId,
			HOME
		)
	);
	return { secret, answer };
}

const joinWith = (spaceId: string, body: unknown, address = '10.0.0.2') =>
	result(join(ctx, request(`/api/spaces/${spaceId}/join`, { body }), spaceId, address));

const revokeHash = (spaceId: string, token: string, tokenHash: unknown) =>
	result(
		revoke(
			ctx,
			request(`/api/spaces/${spaceId}/revoke`, { token, body: { tokenHash } }),
			spaceId,
			HOME
		)
	);

/** Everything the space holds, to show a refused request changed nothing. */
async function logOf(spaceId: string) {
	return { last: await store.lastSeq(spaceId), ops: await store.since(spaceId, 0, 1000) };
}

describe('relay API', () => {
	it('makes a space, appends, reads, invites, admits and revokes', async () => {
		const { spaceId, token } = await space();
		expect(await post(spaceId, token, ['op1', 'op2'])).toMatchObject({
			status: 200,
			body: { seqs: [1, 2] }
		});
		const from = sha256Hex(token);
		expect(await read(spaceId, token)).toMatchObject({
			status: 200,
			body: {
				ops: [
					{ seq: 1, body: 'op1', from },
					{ seq: 2, body: 'op2', from }
				],
				last: 2
			}
		});
		expect((await read(spaceId, token, '?after=1&limit=1')).body).toEqual({
			ops: [{ seq: 2, body: 'op2', from }],
			last: 2,
			used: 6,
			quota: 128 * 1024 * 1024
		});

		const { secret, answer } = await invite(spaceId, token);
		expect(answer).toMatchObject({ status: 201, body: {} });
		const joined = newToken();
		expect(await joinWith(spaceId, { invite: secret, token: joined, hello: 'hi' })).toMatchObject({
			status: 200,
			body: { seq: 3 }
		});
		// The hello is posted by the token that joined, so the inviter can check its claim.
		expect((await read(spaceId, joined, '?after=2')).body).toEqual({
			ops: [{ seq: 3, body: 'hi', from: sha256Hex(joined) }],
			last: 3,
			used: 8,
			quota: 128 * 1024 * 1024
		});
		expect((await post(spaceId, joined, ['from the new device'])).body).toEqual({
			seqs: [4],
			used: 27,
			quota: 128 * 1024 * 1024
		});
		expect((await read(spaceId, token, '?after=3')).body.ops).toEqual([
			{ seq: 4, body: 'from the new device', from: sha256Hex(joined) }
		]);

		expect(await revokeHash(spaceId, token, sha256Hex(joined))).toMatchObject({
			status: 200,
			body: {}
		});
		expect((await read(spaceId, joined)).status).toBe(403);
		expect((await read(spaceId, token)).body.last).toBe(4);
	});

	it('refuses a space that exists, and malformed ones', async () => {
		const { spaceId } = await space();
		const make = (body: unknown, raw?: string) =>
			result(createSpace(ctx, request('/api/spaces', { body, raw }), '10.0.0.1'));
		expect(await make({ spaceId, token: newToken() })).toMatchObject({
			status: 409,
			body: { error: 'space-exists' }
		});
		for (const body of [
			{ spaceId: 'short', token: newToken() },
			{ spaceId: 'x'.repeat(65), token: newToken() },
			{ spaceId: 'not/base64url/at/all', token: newToken() },
			{ spaceId: newSpaceId(), token: 'short' },
			{ spaceId: newSpaceId() },
			[newSpaceId(), newToken()]
		]) {
			const answer = await make(body);
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ error: 'malformed', message: expect.any(String) });
		}
		expect((await make(undefined, '{"spaceId": ')).body.error).toBe('malformed');
	});

	it('asks for a token (401) and refuses one that is not a member of the space (403)', async () => {
		const { spaceId, token } = await space();
		const other = await space();
		await post(spaceId, token, ['kept']);
		const before = await logOf(spaceId);

		expect(await read(spaceId, undefined)).toMatchObject({
			status: 401,
			body: { error: 'no-token' }
		});
		const basic = new Request(`http://relay.test/api/spaces/${spaceId}/ops`, {
			headers: { authorization: `Basic ${token}` }
		});
		expect((await result(readOps(ctx, basic, spaceId, HOME))).status).toBe(401);
		expect((await post(spaceId, undefined, ['nope'])).status).toBe(401);
		for (const stranger of [newToken(), other.token]) {
			expect(await read(spaceId, stranger)).toMatchObject({
				status: 403,
				body: { error: 'not-a-member' }
			});
			expect((await post(spaceId, stranger, ['nope'])).status).toBe(403);
			expect((await invite(spaceId, stranger)).answer.status).toBe(403);
			expect((await revokeHash(spaceId, stranger, sha256Hex(token))).status).toBe(403);
		}
		expect(await logOf(spaceId)).toEqual(before);
		expect((await read(spaceId, token)).status).toBe(200);
	});

	it('refuses malformed and too large batches, changing nothing', async () => {
		const { spaceId, token } = await space();
		await post(spaceId, token, ['kept']);
		const before = await logOf(spaceId);

		for (const ops of [[], 'op', [1], ['ok', null], ['nul\u0000'], ['lone \ud800']]) {
			expect(await post(spaceId, token, ops)).toMatchObject({
				status: 400,
				body: { error: 'malformed' }
			});
		}
		const raw = (body: BodyInit) =>
			result(
				appendOps(ctx, request(`/api/spaces/${spaceId}/ops`, { token, raw: body }), spaceId, HOME)
			);
		expect((await raw('{"ops": [')).body.error).toBe('malformed');
		expect((await raw(new Uint8Array([0x7b, 0xff, 0x7d]))).body.error).toBe('malformed');

		const maxOp = 'é'.repeat(32 * 1024);
		expect(await post(spaceId, token, [maxOp + 'x'])).toMatchObject({
			status: 413,
			body: { error: 'too-large' }
		});
		expect((await post(spaceId, token, Array(501).fill('op'))).status).toBe(413);
		// 65 ops of 64 KiB are over 4 MiB: refused by size, before being parsed.
		const big = JSON.stringify({ ops: Array(65).fill('a'.repeat(64 * 1024)) });
		expect((await raw(big)).status).toBe(413);
		const streamed = new Blob([big]).stream();
		expect((await raw(streamed)).body.error).toBe('too-large');
		expect(await logOf(spaceId)).toEqual(before);

		// What fits just inside the limits is taken.
		expect((await post(spaceId, token, [maxOp])).body.seqs).toEqual([2]);
		const seqs = (await post(spaceId, token, Array(500).fill('op'))).body.seqs;
		expect([seqs.length, seqs[0], seqs[499]]).toEqual([500, 3, 502]);
		const nearly4MiB = Array(63).fill('b'.repeat(64 * 1024));
		expect((await post(spaceId, token, nearly4MiB)).status).toBe(200);
	});

	it('reads at most 1000 ops at a time, 500 unless asked, after a given number', async () => {
		const { spaceId, token } = await space();
		await post(spaceId, token, Array(500).fill('op'));
		await post(spaceId, token, Array(500).fill('op'));
		await post(spaceId, token, ['last']);
		const plain = await read(spaceId, token);
		expect([plain.body.ops.length, plain.body.ops[499].seq, plain.body.last]).toEqual([
			500, 500, 1001
		]);
		const most = await read(spaceId, token, '?after=1&limit=1000');
		expect([most.body.ops.length, most.body.ops[0].seq]).toEqual([1000, 2]);
		expect((await read(spaceId, token, '?after=1001')).body).toMatchObject({ ops: [], last: 1001 });
		for (const query of ['?after=-1', '?after=x', '?after=1.5', '?limit=0', '?limit=1001']) {
			expect(await read(spaceId, token, query)).toMatchObject({
				status: 400,
				body: { error: 'malformed' }
			});
		}
	});

	it('takes invites that expire within 7 days, and refuses others', async () => {
		const { spaceId, token } = await space();
		expect((await invite(spaceId, token, clock.getTime() + 7 * DAY)).answer.status).toBe(201);
		for (const expiresAt of [clock.getTime(), clock.getTime() + 8 * DAY, 'tomorrow', 1.5]) {
			expect((await invite(spaceId, token, expiresAt as number)).answer).toMatchObject({
				status: 400,
				body: { error: 'malformed' }
			});
		}
		const badHash = await result(
			addInvite(
				ctx,
				request(`/api/spaces/${spaceId}/invites`, {
					token,
					body: { inviteHash: 'ABC', expiresAt: clock.getTime() + DAY }
				}),
				spaceId,
				HOME
			)
		);
		expect(badHash.status).toBe(400);
	});

	it('refuses unknown (404), used and expired (410) invites and bad joins, changing nothing', async () => {
		const { spaceId, token } = await space();
		const other = await space();
		const { secret } = await invite(spaceId, token, clock.getTime() + DAY);
		const { secret: elsewhere } = await invite(other.spaceId, other.token);
		const first = newToken();
		expect((await joinWith(spaceId, { invite: secret, token: first, hello: 'hi' })).status).toBe(
			200
		);
		const before = await logOf(spaceId);
		const late = newToken();
		const refusals = [
			[{ invite: newSecret(), token: late, hello: 'hi' }, 404, 'invite-unknown'],
			[{ invite: elsewhere, token: late, hello: 'hi' }, 404, 'invite-unknown'],
			[{ invite: secret, token: late, hello: 'hi' }, 410, 'invite-used'],
			[{ invite: secret, token: 'short', hello: 'hi' }, 400, 'malformed'],
			[{ invite: secret, token: late }, 400, 'malformed'],
			[{ invite: 'short', token: late, hello: 'hi' }, 400, 'malformed'],
			[{ invite: secret, token: late, hello: 'x'.repeat(64 * 1024 + 1) }, 413, 'too-large']
		] as const;
		for (const [body, status, error] of refusals) {
			expect(await joinWith(spaceId, body)).toMatchObject({ status, body: { error } });
		}

		const { secret: expiring } = await invite(spaceId, token, clock.getTime() + 1000);
		const reused = await invite(spaceId, token);
		clock = new Date(clock.getTime() + 1000);
		expect(await joinWith(spaceId, { invite: expiring, token: late, hello: 'hi' })).toMatchObject({
			status: 410,
			body: { error: 'invite-expired' }
		});
		// A token that is in the space already cannot take a second invite.
		expect(
			(await joinWith(spaceId, { invite: reused.secret, token: first, hello: 'hi' })).status
		).toBe(400);
		expect(await logOf(spaceId)).toEqual(before);
		expect((await read(spaceId, late)).status).toBe(403);
		expect(
			(await joinWith(spaceId, { invite: reused.secret, token: late, hello: 'hi' })).status
		).toBe(200);
	});

	it('a revoked token can neither read nor write; a member may leave by revoking itself', async () => {
		const { spaceId, token } = await space();
		const { secret } = await invite(spaceId, token, undefined, true);
		const second = newToken();
		await joinWith(spaceId, { invite: secret, token: second, hello: 'hi' });
		expect((await revokeHash(spaceId, second, sha256Hex(token))).status).toBe(200);
		const before = await logOf(spaceId);
		expect((await read(spaceId, token)).body.error).toBe('not-a-member');
		expect((await post(spaceId, token, ['nope'])).status).toBe(403);
		expect((await invite(spaceId, token)).answer.status).toBe(403);
		expect((await revokeHash(spaceId, token, sha256Hex(second))).status).toBe(403);
		expect((await openStream([{ spaceId, token }])).status).toBe(403);
		expect(await logOf(spaceId)).toEqual(before);

		expect((await revokeHash(spaceId, second, 'not a hash')).status).toBe(400);
		expect((await revokeHash(spaceId, second, sha256Hex(second))).status).toBe(200);
		expect((await read(spaceId, second)).status).toBe(403);
	});

	it('a token revokes itself and what joined through its invites; an admin any token', async () => {
		const { spaceId, token: maker } = await space();
		const joined = async (by: string, admin?: boolean) => {
			const token = newToken();
			const { secret } = await invite(spaceId, by, undefined, admin);
			expect((await joinWith(spaceId, { invite: secret, token, hello: 'hi' })).status).toBe(200);
			return token;
		};
		const counsellor = await joined(maker, true);
		const parent = await joined(maker);
		const otherParent = await joined(counsellor);
		const tablet = await joined(parent);
		const phone = await joined(parent);
		const before = await logOf(spaceId);

		for (const target of [maker, counsellor, otherParent]) {
			expect(await revokeHash(spaceId, parent, sha256Hex(target))).toMatchObject({
				status: 403,
				body: { error: 'not-allowed' }
			});
			expect((await read(spaceId, target)).status).toBe(200);
		}
		expect((await revokeHash(spaceId, tablet, sha256Hex(parent))).status).toBe(403);
		expect(await revokeHash(spaceId, parent, sha256Hex(newToken()))).toMatchObject({
			status: 404,
			body: { error: 'token-unknown' }
		});
		expect((await invite(spaceId, parent, undefined, true)).answer).toMatchObject({
			status: 403,
			body: { error: 'not-allowed' }
		});
		expect((await invite(spaceId, maker, undefined, 'yes')).answer.status).toBe(400);
		expect(await logOf(spaceId)).toEqual(before);

		expect((await revokeHash(spaceId, parent, sha256Hex(tablet))).status).toBe(200);
		expect((await read(spaceId, tablet)).body.error).toBe('not-a-member');
		expect((await revokeHash(spaceId, parent, sha256Hex(tablet))).status, 'again').toBe(404);
		expect((await revokeHash(spaceId, parent, sha256Hex(parent))).status).toBe(200);
		expect((await read(spaceId, parent)).status).toBe(403);
		// The maker revokes a token the counsellor invited; the counsellor, the maker.
		expect((await revokeHash(spaceId, maker, sha256Hex(otherParent))).status).toBe(200);
		expect((await read(spaceId, otherParent)).status).toBe(403);
		expect((await revokeHash(spaceId, counsellor, sha256Hex(phone))).status).toBe(200);
		expect((await revokeHash(spaceId, counsellor, sha256Hex(maker))).status).toBe(200);
		expect((await read(spaceId, maker)).status).toBe(403);
		expect((await read(spaceId, counsellor)).status).toBe(200);
	});

	it('limits requests per token to 600 a minute', async () => {
		const { spaceId, token } = await space();
		for (let i = 0; i < 599; i++) await read(spaceId, token, '?limit=1');
		expect((await read(spaceId, token)).status).toBe(200);
		const limited = await read(spaceId, token);
		expect(limited).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await post(spaceId, token, ['nope'])).status).toBe(429);
		expect((await logOf(spaceId)).last).toBe(0);
		clock = new Date(clock.getTime() + 60_000);
		expect((await read(spaceId, token)).status).toBe(200);
	}, 60_000);

	it('limits making spaces (60 an hour) and joining (30 a minute) per address, apart', async () => {
		const { spaceId, token } = await space();
		const address = '192.0.2.7';
		const make = (from: string, id = newSpaceId()) =>
			result(
				createSpace(ctx, request('/api/spaces', { body: { spaceId: id, token: newToken() } }), from)
			);
		for (let i = 0; i < 60; i++) expect((await make(address)).status).toBe(201);
		const late = newSpaceId();
		const refused = await make(address, late);
		expect(refused).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
		expect((await make('192.0.2.8', late)).status).toBe(201);

		// Making many spaces does not keep anyone at that address from joining.
		for (let i = 0; i < 30; i++) {
			const { secret } = await invite(spaceId, token);
			const joined = await joinWith(
				spaceId,
				{ invite: secret, token: newToken(), hello: 'hi' },
				address
			);
			expect(joined.status).toBe(200);
		}
		const { secret } = await invite(spaceId, token);
		const tooMany = await joinWith(
			spaceId,
			{ invite: secret, token: newToken(), hello: 'hi' },
			address
		);
		expect(tooMany).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
		expect(tooMany.headers.get('retry-after')).toBe('60');
		clock = new Date(clock.getTime() + 60_000);
		expect((await make(address)).status, 'still the hour').toBe(429);
		const again = await joinWith(
			spaceId,
			{ invite: secret, token: newToken(), hello: 'hi' },
			address
		);
		expect(again.status, 'a new minute').toBe(200);
	}, 60_000);

	it('refuses a flood of made-up tokens per address before any query; members go on', async () => {
		const { spaceId, token } = await space();
		const counted = counting(store);
		ctx = relayContext(counted.store, { now: () => clock });
		const flood = '198.51.100.9';
		expect((await read(spaceId, token, '', flood)).status, 'a member, known').toBe(200);
		for (let i = 0; i < 60; i++) {
			expect((await read(spaceId, newToken(), '', flood)).status).toBe(403);
		}
		const queries = counted.calls();
		for (let i = 0; i < 200; i++) {
			expect(await read(spaceId, newToken(), '', flood)).toMatchObject({
				status: 429,
				body: { error: 'rate-limited' }
			});
		}
		expect((await openStream([{ spaceId, token: newToken() }], flood)).status).toBe(429);
		expect(counted.calls(), 'no query for a refused address').toBe(queries);
		// The HTTP server's own first gate says the same, before routing.
		expect(earlyRefusal(ctx, flood, `Bearer ${newToken()}`)).toBeGreaterThan(0);
		expect(earlyRefusal(ctx, flood, `Bearer ${token}`), 'a member').toBe(0);
		expect(earlyRefusal(ctx, '198.51.100.10', `Bearer ${newToken()}`)).toBe(0);
		// A member at that address (a colleague behind the same office address) goes on, and
		// so does anyone elsewhere; the next minute the address may try again.
		expect((await read(spaceId, token, '', flood)).status).toBe(200);
		expect((await read(spaceId, newToken(), '', '198.51.100.10')).status).toBe(403);
		clock = new Date(clock.getTime() + 60_000);
		expect((await read(spaceId, newToken(), '', flood)).status).toBe(403);

		// A hundred at once: still no more queries than the limit.
		clock = new Date(clock.getTime() + 60_000);
		const before = counted.calls();
		const burst = await Promise.all(
			Array.from({ length: 100 }, () => read(spaceId, newToken(), '', flood))
		);
		const statuses = burst.map((answer) => answer.status);
		expect(statuses.filter((status) => status === 403)).toHaveLength(60);
		expect(statuses.filter((status) => status === 429)).toHaveLength(40);
		expect(counted.calls() - before).toBe(60);
		ctx.streams.closeAll();
	});

	it('refuses a batch past the quota of the space, keeps the log, and reports use', async () => {
		ctx = relayContext(store, { now: () => clock, settings: { spaceQuotaBytes: 100 } });
		const { spaceId, token } = await space();
		expect(await post(spaceId, token, ['x'.repeat(60)])).toMatchObject({
			status: 200,
			body: { seqs: [1], used: 60, quota: 100 }
		});
		const before = await logOf(spaceId);
		const full = await post(spaceId, token, ['y'.repeat(30), 'z'.repeat(30)]);
		expect(full).toMatchObject({
			status: 507,
			body: { error: 'quota-reached', used: 60, quota: 100 }
		});
		expect(full.body.message).toMatch(/full/);
		expect(await logOf(spaceId)).toEqual(before);
		expect((await read(spaceId, token)).body).toMatchObject({ last: 1, used: 60, quota: 100 });
		expect((await post(spaceId, token, ['y'.repeat(40)])).body).toMatchObject({ used: 100 });
		// Joining still works when full: the hello is a few bytes.
		const { secret } = await invite(spaceId, token);
		expect(
			(await joinWith(spaceId, { invite: secret, token: newToken(), hello: 'hi' })).status
		).toBe(200);
	});

	it('limits the bytes one token appends a day, so one device cannot fill the space', async () => {
		ctx = relayContext(store, { now: () => clock, settings: { tokenBytesPerDay: 100 } });
		const { spaceId, token } = await space();
		expect((await post(spaceId, token, ['x'.repeat(60), 'y'.repeat(40)])).status).toBe(200);
		const before = await logOf(spaceId);
		const limited = await post(spaceId, token, ['z']);
		expect(limited).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(23 * 60 * 60);
		expect(await logOf(spaceId)).toEqual(before);
		// Another member of the family still writes; the next day the first one does again.
		const { secret } = await invite(spaceId, token);
		const other = newToken();
		await joinWith(spaceId, { invite: secret, token: other, hello: 'hi' });
		expect((await post(spaceId, other, ['from the other device'])).status).toBe(200);
		clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000);
		expect((await post(spaceId, token, ['z'])).status).toBe(200);
	});

	it('cuts off a request body that stops coming', async () => {
		ctx = relayContext(store, { now: () => clock, settings: { bodyIdleMs: 50 } });
		const { spaceId, token } = await space();
		let cancelled = false;
		const stalled = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new TextEncoder().encode('{"ops": ["a'));
			},
			cancel() {
				cancelled = true;
			}
		});
		const started = Date.now();
		const answer = await result(
			appendOps(ctx, request(`/api/spaces/${spaceId}/ops`, { token, raw: stalled }), spaceId, HOME)
		);
		expect(answer).toMatchObject({ status: 408, body: { error: 'too-slow' } });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(cancelled, 'the body is let go').toBe(true);
		expect((await logOf(spaceId)).last).toBe(0);
	});

	it('shows operators its figures only where allowed, without space ids', async () => {
		ctx = relayContext(store, { now: () => clock, settings: { metricsFrom: ['127.0.0.1'] } });
		const { spaceId, token } = await space();
		await post(spaceId, token, ['op1', 'op2']);
		await read(spaceId, newToken());
		expect((await metrics(ctx, '10.0.0.5')).status).toBe(404);
		const page = await metrics(ctx, '127.0.0.1');
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
		const text = await page.text();
		expect(text).toContain('koers_relay_requests_total{route="ops-append",status="200"} 1');
		expect(text).toContain('koers_relay_requests_total{route="spaces-create",status="201"} 1');
		expect(text).toContain('koers_relay_refused_total{reason="not-a-member"} 1');
		expect(text).toContain('koers_relay_ops_appended_total 2');
		expect(text).toContain('koers_relay_open_streams 0');
		expect(text).toMatch(/koers_relay_stored_bytes\{backend="embedded"\} \d+/);
		expect(text).not.toContain(spaceId);
		expect(text).not.toContain(sha256Hex(token));
	});
});

/** Reads a text/event-stream: the next event or comment, or undefined once it has closed. */
function eventsOf(response: Response) {
	const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	return async function next(): Promise<string | undefined> {
		for (;;) {
			const end = buffer.indexOf('\n\n');
			if (end >= 0) {
				const event = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				return event;
			}
			const { done, value } = await reader.read();
			if (done) return undefined;
			buffer += value;
		}
	};
}

/** The next event that is not a ping, as JSON, or undefined once the stream has closed. */
function newsOf(response: Response | (() => Promise<string | undefined>)) {
	const next = typeof response === 'function' ? response : eventsOf(response);
	return async () => {
		let event = await next();
		while (event === ': ping') event = await next();
		return event === undefined ? undefined : JSON.parse(event.replace(/^data: /, ''));
	};
}

describe('relay event stream', () => {
	it('follows all spaces of a device on one stream, and stops for a revoked token', async () => {
		ctx = relayContext(store, { now: () => clock, settings: { pingMs: 100 } });
		const home = await space();
		const other = await space();
		await post(home.spaceId, home.token, ['op1', 'op2']);
		const response = await openStream([home, other]);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const next = eventsOf(response);
		const first = [await next(), await next()].map((e) => JSON.parse(e!.slice(6)));
		expect(first).toEqual(
			expect.arrayContaining([
				{ space: home.spaceId, last: 2 },
				{ space: other.spaceId, last: 0 }
			])
		);
		await post(other.spaceId, other.token, ['op1']);
		expect(await next()).toBe(`data: {"space":"${other.spaceId}","last":1}`);
		await post(home.spaceId, home.token, ['op3', 'op4', 'op5']);
		expect(await next()).toBe(`data: {"space":"${home.spaceId}","last":5}`);
		expect(await next()).toBe(': ping');

		// Revoked: the stream says so for that space and goes on for the other.
		const { secret } = await invite(home.spaceId, home.token, undefined, true);
		const second = newToken();
		await joinWith(home.spaceId, { invite: secret, token: second, hello: 'hi' });
		const news = newsOf(next);
		expect(await news()).toEqual({ space: home.spaceId, last: 6 });
		await revokeHash(home.spaceId, second, sha256Hex(home.token));
		expect(await news()).toEqual({ space: home.spaceId, refused: 'not-a-member' });
		await post(home.spaceId, second, ['op7']);
		await post(other.spaceId, other.token, ['op2']);
		expect(await news(), 'nothing more of the revoked space').toEqual({
			space: other.spaceId,
			last: 2
		});
		// Revoked without an announcement (missed while a listener reconnected): the next
		// ping's one query finds it, and with no space left the stream closes.
		await sql.query('UPDATE relay_tokens SET revoked_at = now() WHERE token_hash = $1', [
			sha256Hex(other.token)
		]);
		expect(await news()).toEqual({ space: other.spaceId, refused: 'not-a-member' });
		expect(await news(), 'closed').toBeUndefined();
		expect(ctx.streams.size).toBe(0);
	});

	it('tells which tokens are not members, and refuses a stream with none (403)', async () => {
		const home = await space();
		const stranger = { spaceId: newSpaceId(), token: newToken() };
		const response = await openStream([home, stranger]);
		const news = newsOf(response);
		const first = [await news(), await news()];
		expect(first).toEqual(
			expect.arrayContaining([
				{ space: home.spaceId, last: 0 },
				{ space: stranger.spaceId, refused: 'not-a-member' }
			])
		);
		expect(await openStream([stranger])).toMatchObject({ status: 403 });
		const refused = await result(openStream([stranger]));
		expect(refused.body.error).toBe('not-a-member');
		for (const spaces of [[], [home, home], [{ spaceId: 'short', token: home.token }], 'all']) {
			expect((await result(openStream(spaces as never))).status).toBe(400);
		}
		ctx.streams.closeAll();
	});

	it('caps streams per token and per address, with a clear error', async () => {
		ctx = relayContext(store, { now: () => clock, settings: { streamsPerAddress: 6 } });
		const home = await space();
		const open: Response[] = [];
		for (let i = 0; i < 4; i++) open.push(await openStream([home]));
		expect(open.map((r) => r.status)).toEqual([200, 200, 200, 200]);
		const fifth = await result(openStream([home]));
		expect(fifth).toMatchObject({ status: 429, body: { error: 'too-many-streams' } });
		expect(fifth.body.message).toMatch(/too many event streams/);
		const others = [await space(), await space(), await space()];
		expect((await openStream([others[0]!])).status).toBe(200);
		expect((await openStream([others[1]!])).status).toBe(200);
		expect((await result(openStream([others[2]!]))).body.error, 'the address').toBe(
			'too-many-streams'
		);
		expect((await openStream([others[2]!], '10.0.0.9')).status).toBe(200);
		// A closed stream makes room.
		await open[0]!.body!.cancel();
		expect((await openStream([home])).status).toBe(200);
		ctx.streams.closeAll();
		expect(ctx.streams.size).toBe(0);
	});

	it('fans out to many streams without a query per stream', async () => {
		const counted = counting(store);
		ctx = relayContext(counted.store, { now: () => clock, settings: { streamsPerToken: 100 } });
		const home = await space();
		const streams = [];
		for (let i = 0; i < 60; i++) streams.push(newsOf(await openStream([home], `10.1.0.${i}`)));
		for (const news of streams) expect(await news()).toEqual({ space: home.spaceId, last: 0 });
		const queries = counted.calls();
		for (let i = 1; i <= 10; i++) await post(home.spaceId, home.token, [`op${i}`]);
		for (const news of streams) {
			let last = 0;
			while (last < 10) last = (await news()).last;
		}
		// One membership check per append, none per stream.
		expect(counted.calls() - queries).toBe(10);
		ctx.streams.closeAll();
	});

	it('closes when the request is aborted', async () => {
		const home = await space();
		const abort = new AbortController();
		const response = await events(
			ctx,
			new Request('http://relay.test/api/events', {
				method: 'POST',
				body: JSON.stringify({ spaces: [home] }),
				signal: abort.signal
			}),
			HOME
		);
		const next = eventsOf(response);
		expect(await next()).toBe(`data: {"space":"${home.spaceId}","last":0}`);
		abort.abort();
		expect(await next()).toBeUndefined();
		expect(ctx.streams.size).toBe(0);
	});
});
