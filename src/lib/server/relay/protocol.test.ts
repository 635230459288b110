import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgliteSql } from './pglite-sql';
import {
	addInvite,
	appendOps,
	createSpace,
	events,
	join,
	readOps,
	relayContext,
	revoke,
	sha256Hex,
	type RelayContext
} from './protocol';
import { createRelayStore, migrate, type RelayStore } from './store';

const newToken = () => randomBytes(32).toString('base64url');
const newSpaceId = () => randomBytes(16).toString('base64url');
const newSecret = () => randomBytes(32).toString('base64url');
const DAY = 24 * 60 * 60 * 1000;

let store: RelayStore;
let ctx: RelayContext;
let clock: Date;

beforeAll(async () => {
	const sql = await pgliteSql();
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
	result(appendOps(ctx, request(`/api/spaces/${spaceId}/ops`, { token, body: { ops } }), spaceId));

const read = (spaceId: string, token: string | undefined, query = '') =>
	result(readOps(ctx, request(`/api/spaces/${spaceId}/ops${query}`, { token }), spaceId));

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
			spaceId
		)
	);
	return { secret, answer };
}

const joinWith = (spaceId: string, body: unknown, address = '10.0.0.2') =>
	result(join(ctx, request(`/api/spaces/${spaceId}/join`, { body }), spaceId, address));

const revokeHash = (spaceId: string, token: string, tokenHash: unknown) =>
	result(
		revoke(ctx, request(`/api/spaces/${spaceId}/revoke`, { token, body: { tokenHash } }), spaceId)
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
			last: 2
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
			last: 3
		});
		expect((await post(spaceId, joined, ['from the new device'])).body).toEqual({ seqs: [4] });
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
		expect((await result(readOps(ctx, basic, spaceId))).status).toBe(401);
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
			result(appendOps(ctx, request(`/api/spaces/${spaceId}/ops`, { token, raw: body }), spaceId));
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
		expect((await read(spaceId, token, '?after=1001')).body).toEqual({ ops: [], last: 1001 });
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
				spaceId
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
		const stream = await events(ctx, request(`/api/spaces/${spaceId}/events`, { token }), spaceId);
		expect(stream.status).toBe(403);
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

	it('limits requests per token to 600 a minute and makes and joins per address to 30', async () => {
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

		const address = '192.0.2.7';
		for (let i = 0; i < 29; i++) {
			const made = await result(
				createSpace(
					ctx,
					request('/api/spaces', { body: { spaceId: newSpaceId(), token: newToken() } }),
					address
				)
			);
			expect(made.status).toBe(201);
		}
		const { secret } = await invite(spaceId, token);
		const joiner = newToken();
		expect(
			(await joinWith(spaceId, { invite: secret, token: joiner, hello: 'hi' }, address)).status
		).toBe(200);
		const refused = await joinWith(
			spaceId,
			{ invite: newSecret(), token: joiner, hello: 'hi' },
			address
		);
		expect(refused).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
		expect(refused.headers.get('retry-after')).toBe('60');
		const late = newSpaceId();
		const make = (from: string) =>
			result(
				createSpace(
					ctx,
					request('/api/spaces', { body: { spaceId: late, token: newToken() } }),
					from
				)
			);
		expect((await make(address)).status).toBe(429);
		expect((await make('192.0.2.8')).status).toBe(201);
	}, 60_000);
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

describe('relay event stream', () => {
	it('sends the last number, each new one, pings, and closes when the token is revoked', async () => {
		ctx = relayContext(store, { now: () => clock, pingMs: 100 });
		const { spaceId, token } = await space();
		await post(spaceId, token, ['op1', 'op2']);
		const response = await events(
			ctx,
			request(`/api/spaces/${spaceId}/events`, { token }),
			spaceId
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const next = eventsOf(response);
		expect(await next()).toBe('data: 2');
		await post(spaceId, token, ['op3', 'op4', 'op5']);
		expect(await next()).toBe('data: 5');
		expect(await next()).toBe(': ping');

		const { secret } = await invite(spaceId, token, undefined, true);
		const second = newToken();
		await joinWith(spaceId, { invite: secret, token: second, hello: 'hi' });
		let event = await next();
		while (event === ': ping') event = await next();
		expect(event).toBe('data: 6');
		await revokeHash(spaceId, second, sha256Hex(token));
		do event = await next();
		while (event === ': ping');
		expect(event, 'closed').toBeUndefined();
	});

	it('closes when the request is aborted, and starts at 0 in an empty space', async () => {
		const { spaceId, token } = await space();
		const abort = new AbortController();
		const response = await events(
			ctx,
			new Request(`http://relay.test/api/spaces/${spaceId}/events`, {
				headers: { authorization: `Bearer ${token}` },
				signal: abort.signal
			}),
			spaceId
		);
		const next = eventsOf(response);
		expect(await next()).toBe('data: 0');
		abort.abort();
		expect(await next()).toBeUndefined();
	});
});
