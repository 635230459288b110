/**
 * The relay's HTTP API (docs/sync.md): each handler takes the request and answers it, so the
 * routes stay one line and the whole protocol is tested without a server. A refused request
 * changes nothing: every check happens before the store is written.
 */
import { createHash } from 'node:crypto';
import { RateLimiter } from './rate-limit';
import type { RelayStore } from './store';

export const RELAY_LIMITS = {
	opBytes: 64 * 1024,
	batchOps: 500,
	bodyBytes: 4 * 1024 * 1024,
	readDefault: 500,
	readMax: 1000,
	inviteMs: 7 * 24 * 60 * 60 * 1000,
	perTokenPerMinute: 600,
	perAddressPerMinute: 30,
	pingMs: 25_000
} as const;

/** Clocks of a phone and the relay differ a little; an invite may reach that far past 7 days. */
const CLOCK_GRACE_MS = 60_000;

export interface RelayContext {
	store: RelayStore;
	/** Requests per member token. */
	perToken: RateLimiter;
	/** Spaces made and joins per client address. */
	perAddress: RateLimiter;
	now: () => Date;
	pingMs: number;
}

export function relayContext(
	store: RelayStore,
	options: Partial<Omit<RelayContext, 'store'>> = {}
): RelayContext {
	return {
		store,
		perToken: new RateLimiter(RELAY_LIMITS.perTokenPerMinute),
		perAddress: new RateLimiter(RELAY_LIMITS.perAddressPerMinute),
		now: () => new Date(),
		pingMs: RELAY_LIMITS.pingMs,
		...options
	};
}

/** How the relay stores tokens and invite secrets: SHA-256, hex. */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

type ErrorCode =
	| 'no-token'
	| 'not-a-member'
	| 'malformed'
	| 'space-exists'
	| 'invite-unknown'
	| 'invite-used'
	| 'invite-expired'
	| 'too-large'
	| 'rate-limited'
	| 'token-unknown'
	| 'not-allowed';

const STATUS: Record<ErrorCode, number> = {
	'no-token': 401,
	'not-a-member': 403,
	malformed: 400,
	'space-exists': 409,
	'invite-unknown': 404,
	'invite-used': 410,
	'invite-expired': 410,
	'too-large': 413,
	'rate-limited': 429,
	'token-unknown': 404,
	'not-allowed': 403
};

class Refused extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly retryAfter?: number
	) {
		super(message);
	}
}

const NO_STORE = { 'cache-control': 'no-store' };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', ...NO_STORE, ...headers }
	});
}

/** Runs a handler; a refusal becomes its JSON error, anything else a 500 without details. */
async function answer(work: () => Promise<Response>): Promise<Response> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof Refused) {
			const headers: Record<string, string> = error.retryAfter
				? { 'retry-after': String(error.retryAfter) }
				: {};
			return json(STATUS[error.code], { error: error.code, message: error.message }, headers);
		}
		console.error('Relay request failed', error);
		return json(500, { error: 'server-error', message: 'The relay could not handle this.' });
	}
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const HEX_HASH = /^[0-9a-f]{64}$/;

function malformed(message: string): Refused {
	return new Refused('malformed', message);
}

function checkSpaceId(spaceId: string): void {
	if (spaceId.length < 16 || spaceId.length > 64 || !BASE64URL.test(spaceId)) {
		throw malformed('The space id must be 16 to 64 base64url characters.');
	}
}

function tokenField(value: unknown): string {
	if (typeof value !== 'string' || value.length !== 43 || !BASE64URL.test(value)) {
		throw malformed('A token is 43 base64url characters.');
	}
	return value;
}

function hashField(value: unknown, name: string): string {
	if (typeof value !== 'string' || !HEX_HASH.test(value)) {
		throw malformed(`${name} must be a SHA-256 hash in lowercase hex.`);
	}
	return value;
}

/** An op is stored as sent, so it must be text PostgreSQL keeps unchanged. */
function opField(value: unknown): string {
	if (typeof value !== 'string' || value.includes('\u0000') || !value.isWellFormed()) {
		throw malformed('An op must be text without NUL characters or lone surrogates.');
	}
	if (Buffer.byteLength(value, 'utf8') > RELAY_LIMITS.opBytes) {
		throw new Refused('too-large', 'An op may be at most 64 KiB.');
	}
	return value;
}

function limit(limiter: RateLimiter, key: string, now: Date): void {
	const wait = limiter.take(key, now.getTime());
	if (wait > 0) throw new Refused('rate-limited', 'Too many requests; try again later.', wait);
}

/** The member's token hash, after the token, the rate and the membership are checked. */
async function member(ctx: RelayContext, request: Request, spaceId: string): Promise<string> {
	checkSpaceId(spaceId);
	const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
	if (!match) throw new Refused('no-token', 'This needs a member token.');
	const tokenHash = sha256Hex(match[1]!);
	limit(ctx.perToken, tokenHash, ctx.now());
	if (!(await ctx.store.isMember(spaceId, tokenHash))) {
		throw new Refused('not-a-member', 'This token is not a member of this space.');
	}
	return tokenHash;
}

/**
 * The body as a JSON object. Its size is checked before it is parsed; a body over the limit
 * is still read to its end (the server caps it), so the client gets the answer.
 */
async function readJson(request: Request): Promise<Record<string, unknown>> {
	const tooLarge = new Refused('too-large', 'A request may be at most 4 MiB.');
	if (Number(request.headers.get('content-length')) > RELAY_LIMITS.bodyBytes) throw tooLarge;
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body) {
		const reader = request.body.getReader();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				size += value.byteLength;
				if (size <= RELAY_LIMITS.bodyBytes) chunks.push(value);
			}
		} catch (error) {
			// The server refuses bodies far over the limit while they stream in.
			if ((error as { status?: unknown }).status === 413) throw tooLarge;
			throw malformed('The request body could not be read.');
		}
	}
	if (size > RELAY_LIMITS.bodyBytes) throw tooLarge;
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
	} catch {
		throw malformed('The body must be JSON.');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw malformed('The body must be a JSON object.');
	}
	return value as Record<string, unknown>;
}

/** `POST /api/spaces` `{spaceId, token}`: a new space with its first member. */
export function createSpace(ctx: RelayContext, request: Request, address: string) {
	return answer(async () => {
		const now = ctx.now();
		limit(ctx.perAddress, address, now);
		const body = await readJson(request);
		if (typeof body.spaceId !== 'string') throw malformed('spaceId is missing.');
		checkSpaceId(body.spaceId);
		const token = tokenField(body.token);
		if (!(await ctx.store.createSpace(body.spaceId, sha256Hex(token), now))) {
			throw new Refused('space-exists', 'This space exists already.');
		}
		return json(201, {});
	});
}

/** `POST /api/spaces/{id}/ops` `{ops}`: appends a batch, answers its sequence numbers. */
export function appendOps(ctx: RelayContext, request: Request, spaceId: string) {
	return answer(async () => {
		const tokenHash = await member(ctx, request, spaceId);
		const { ops } = await readJson(request);
		if (!Array.isArray(ops) || ops.length === 0) throw malformed('ops must be 1 to 500 ops.');
		if (ops.length > RELAY_LIMITS.batchOps) {
			throw new Refused('too-large', 'A batch may hold at most 500 ops.');
		}
		const bodies = ops.map(opField);
		return json(200, { seqs: await ctx.store.append(spaceId, tokenHash, bodies, ctx.now()) });
	});
}

function queryNumber(url: URL, name: string, fallback: number, min: number, max: number): number {
	const text = url.searchParams.get(name);
	if (text === null) return fallback;
	const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
	if (!(value >= min && value <= max)) throw malformed(`${name} must be ${min} to ${max}.`);
	return value;
}

/**
 * `GET /api/spaces/{id}/ops?after=N&limit=M`: ops after N, each with the hash of the token
 * that posted it (`from`), and the space's last number.
 */
export function readOps(ctx: RelayContext, request: Request, spaceId: string) {
	return answer(async () => {
		await member(ctx, request, spaceId);
		const url = new URL(request.url);
		const after = queryNumber(url, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
		const count = queryNumber(url, 'limit', RELAY_LIMITS.readDefault, 1, RELAY_LIMITS.readMax);
		const { ops, last } = await ctx.store.read(spaceId, after, count);
		const answered = ops.map(({ seq, body, tokenHash }) => ({ seq, body, from: tokenHash }));
		return json(200, { ops: answered, last });
	});
}

/**
 * `POST /api/spaces/{id}/invites` `{inviteHash, expiresAt, admin?}` (ms since 1970, at most
 * 7 days on). Only an admin token may register an admin invite.
 */
export function addInvite(ctx: RelayContext, request: Request, spaceId: string) {
	return answer(async () => {
		const tokenHash = await member(ctx, request, spaceId);
		const body = await readJson(request);
		const inviteHash = hashField(body.inviteHash, 'inviteHash');
		const now = ctx.now().getTime();
		const { expiresAt } = body;
		if (
			typeof expiresAt !== 'number' ||
			!Number.isSafeInteger(expiresAt) ||
			expiresAt <= now ||
			expiresAt > now + RELAY_LIMITS.inviteMs + CLOCK_GRACE_MS
		) {
			throw malformed('expiresAt must be a time in the next 7 days, in ms since 1970.');
		}
		const admin = body.admin ?? false;
		if (typeof admin !== 'boolean') throw malformed('admin must be true or false.');
		if (!(await ctx.store.addInvite(spaceId, tokenHash, inviteHash, new Date(expiresAt), admin))) {
			throw new Refused('not-allowed', 'Only an admin token may register an admin invite.');
		}
		return json(201, {});
	});
}

const JOIN_REFUSALS = {
	unknown: new Refused('invite-unknown', 'This invite is not known here.'),
	used: new Refused('invite-used', 'This invite has been used already.'),
	expired: new Refused('invite-expired', 'This invite has expired.'),
	'token-taken': malformed('This token is in use already; make a new one.')
} as const;

/** `POST /api/spaces/{id}/join` `{invite, token, hello}`: the invite's secret admits a token. */
export function join(ctx: RelayContext, request: Request, spaceId: string, address: string) {
	return answer(async () => {
		const now = ctx.now();
		limit(ctx.perAddress, address, now);
		checkSpaceId(spaceId);
		const body = await readJson(request);
		const { invite } = body;
		if (typeof invite !== 'string' || invite.length < 16 || invite.length > 256) {
			throw malformed('invite must be the invite secret (16 to 256 characters).');
		}
		const token = tokenField(body.token);
		const hello = opField(body.hello);
		const result = await ctx.store.join(spaceId, sha256Hex(invite), sha256Hex(token), hello, now);
		if (typeof result === 'string') throw JOIN_REFUSALS[result];
		return json(200, { seq: result });
	});
}

const REVOKE_REFUSALS = {
	unknown: new Refused('token-unknown', 'This token is not a member of this space.'),
	'not-allowed': new Refused('not-allowed', 'This token may not revoke that one.')
} as const;

/**
 * `POST /api/spaces/{id}/revoke` `{tokenHash}`: a member may revoke itself and the tokens
 * that joined through its invites; an admin any token of the space.
 */
export function revoke(ctx: RelayContext, request: Request, spaceId: string) {
	return answer(async () => {
		const by = await member(ctx, request, spaceId);
		const tokenHash = hashField((await readJson(request)).tokenHash, 'tokenHash');
		const result = await ctx.store.revoke(spaceId, by, tokenHash, ctx.now());
		if (result !== 'revoked') throw REVOKE_REFUSALS[result];
		return json(200, {});
	});
}

/**
 * `GET /api/spaces/{id}/events`: `data: <last>` at once, then the space's highest number
 * whenever it grows, and `: ping` now and then. Membership is checked again at each
 * announcement and ping, so the stream of a revoked token closes.
 */
export function events(ctx: RelayContext, request: Request, spaceId: string) {
	return answer(async () => {
		const tokenHash = await member(ctx, request, spaceId);
		const { store } = ctx;
		const encoder = new TextEncoder();
		let latest = 0;
		let sent = -1;
		let closed = false;
		let checking = false;
		let again = false;
		let unsubscribe = () => {};
		let controller: ReadableStreamDefaultController<Uint8Array> | undefined;

		const write = (text: string) => {
			if (!closed) controller?.enqueue(encoder.encode(text));
		};
		const close = () => {
			if (closed) return;
			closed = true;
			clearInterval(ping);
			unsubscribe();
			request.signal.removeEventListener('abort', close);
			try {
				controller?.close();
			} catch {
				// Already cancelled by the reader.
			}
		};
		/** One membership check at a time; announcements meanwhile fold into the next round. */
		const refresh = () => {
			if (closed || sent < 0) return;
			if (checking) {
				again = true;
				return;
			}
			checking = true;
			void (async () => {
				try {
					do {
						again = false;
						if (!(await store.isMember(spaceId, tokenHash))) return close();
						if (latest > sent) {
							sent = latest;
							write(`data: ${sent}\n\n`);
						}
					} while (again && !closed);
				} catch (error) {
					console.error('Relay event stream failed', error);
					close();
				} finally {
					checking = false;
				}
			})();
		};
		const announced = (seq: number) => {
			latest = Math.max(latest, seq);
			refresh();
		};
		const ping = setInterval(() => {
			write(': ping\n\n');
			// Also catches up on announcements missed while a database listener reconnected.
			store.lastSeq(spaceId).then(announced, close);
		}, ctx.pingMs);

		try {
			unsubscribe = await store.subscribe(spaceId, announced);
			latest = Math.max(latest, await store.lastSeq(spaceId));
		} catch (error) {
			close();
			throw error;
		}
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				controller = c;
			},
			cancel: close
		});
		sent = latest;
		write(`data: ${sent}\n\n`);
		if (request.signal.aborted) close();
		else request.signal.addEventListener('abort', close, { once: true });
		return new Response(stream, {
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				...NO_STORE,
				// Proxies such as nginx would otherwise hold events back.
				'x-accel-buffering': 'no'
			}
		});
	});
}
