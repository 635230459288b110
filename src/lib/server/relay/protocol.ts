/**
 * The relay's HTTP API (docs/sync.md): each handler takes the request and answers it, so the
 * routes stay one line and the whole protocol is tested without a server. A refused request
 * changes nothing: every check happens before the store is written.
 */
import { createHash } from 'node:crypto';
import { RelayMetrics } from './metrics';
import { RateLimiter } from './rate-limit';
import { DEFAULT_SETTINGS, type RelaySettings } from './settings';
import { QuotaReached, type RelayStore, type SpaceToken } from './store';
import { StreamHub } from './streams';

/** The protocol's own limits; what an operator may change is in RelaySettings. */
export const RELAY_LIMITS = {
	opBytes: 64 * 1024,
	batchOps: 500,
	bodyBytes: 4 * 1024 * 1024,
	readDefault: 500,
	readMax: 1000,
	inviteMs: 7 * 24 * 60 * 60 * 1000
} as const;

/** Clocks of a phone and the relay differ a little; an invite may reach that far past 7 days. */
const CLOCK_GRACE_MS = 60_000;
const MINUTE = 60_000;

export interface RelayContext {
	store: RelayStore;
	settings: RelaySettings;
	/** Which backend holds the log, for operators. */
	storage: 'embedded' | 'postgres';
	/** Requests per member token. */
	perToken: RateLimiter;
	/** Bytes appended per member token per day. */
	bytesPerToken: RateLimiter;
	/** Requests with a token that is not a member, per client address. */
	refusals: RateLimiter;
	/** Spaces made per client address. */
	creates: RateLimiter;
	/** Joins per client address. */
	joins: RateLimiter;
	/**
	 * Token hashes that were members lately: a request with one of them is still checked
	 * while its address is refused for flooding, so members behind that address go on.
	 */
	known: KnownTokens;
	streams: StreamHub;
	metrics: RelayMetrics;
	now: () => Date;
}

/** A bounded set: past its size, the token seen longest ago is forgotten first. */
export class KnownTokens {
	readonly #hashes = new Set<string>();
	constructor(readonly size = 100_000) {}
	has = (hash: string) => this.#hashes.has(hash);
	add(hash: string) {
		this.#hashes.delete(hash);
		this.#hashes.add(hash);
		if (this.#hashes.size > this.size) this.#hashes.delete(this.#hashes.values().next().value!);
	}
}

export function relayContext(
	store: RelayStore,
	options: Partial<Omit<RelayContext, 'store' | 'settings'>> & {
		settings?: Partial<RelaySettings>;
	} = {}
): RelayContext {
	const { settings: changed, ...rest } = options;
	const settings = { ...DEFAULT_SETTINGS, ...changed };
	return {
		store,
		settings,
		storage: 'embedded',
		perToken: new RateLimiter(settings.tokenRequestsPerMinute, MINUTE),
		bytesPerToken: new RateLimiter(settings.tokenBytesPerDay, 24 * 60 * MINUTE),
		refusals: new RateLimiter(settings.refusalsPerAddressPerMinute, MINUTE),
		creates: new RateLimiter(settings.spacesPerAddressPerHour, 60 * MINUTE),
		joins: new RateLimiter(settings.joinsPerAddressPerMinute, MINUTE),
		known: new KnownTokens(),
		streams: new StreamHub(store, settings),
		metrics: new RelayMetrics(),
		now: () => new Date(),
		...rest
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
	| 'not-allowed'
	| 'too-many-streams'
	| 'quota-reached'
	| 'too-slow';

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
	'not-allowed': 403,
	'too-many-streams': 429,
	'quota-reached': 507,
	'too-slow': 408
};

class Refused extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly retryAfter?: number,
		readonly details: Record<string, unknown> = {}
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

/**
 * Runs a handler; a refusal becomes its JSON error, anything else a 500 without details.
 * Counted for operators under the route's fixed name.
 */
async function answer(
	ctx: RelayContext,
	route: string,
	work: () => Promise<Response>
): Promise<Response> {
	let response: Response;
	try {
		response = await work();
	} catch (error) {
		if (error instanceof Refused) {
			const headers: Record<string, string> = error.retryAfter
				? { 'retry-after': String(error.retryAfter) }
				: {};
			ctx.metrics.refused(error.code);
			const body = { error: error.code, message: error.message, ...error.details };
			response = json(STATUS[error.code], body, headers);
		} else {
			console.error('Relay request failed', error);
			response = json(500, { error: 'server-error', message: 'The relay could not handle this.' });
		}
	}
	ctx.metrics.answered(route, response.status);
	return response;
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

function rateLimited(wait: number): Refused {
	return new Refused('rate-limited', 'Too many requests; try again later.', wait);
}

function limit(limiter: RateLimiter, key: string, now: Date): void {
	const wait = limiter.take(key, now.getTime());
	if (wait > 0) throw rateLimited(wait);
}

/**
 * An address that sent too many unknown or revoked tokens is refused before any work, so a
 * flood of made-up tokens costs a lookup in memory; tokens that were members lately still
 * get their one query.
 */
function notFlooding(ctx: RelayContext, address: string, tokenHashes: readonly string[]): void {
	if (tokenHashes.some(ctx.known.has)) return;
	const wait = ctx.refusals.wait(address, ctx.now().getTime());
	if (wait > 0) throw rateLimited(wait);
}

const NOT_A_MEMBER = 'This token is not a member of this space.';

/**
 * The first gate, run by the HTTP server itself before a request is routed (scripts/start.js),
 * so a flood from a refused address costs even less: the seconds to wait, or 0 to go on.
 * The same check runs again in `member`, for servers without this gate.
 */
export function earlyRefusal(ctx: RelayContext, address: string, authorization: string): number {
	// The address first: for nearly every request that is all it takes.
	const wait = ctx.refusals.wait(address, ctx.now().getTime());
	if (wait === 0) return 0;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
	if (!match || ctx.known.has(sha256Hex(match[1]!))) return 0;
	ctx.metrics.refused('rate-limited');
	ctx.metrics.answered('refused-early', 429);
	return wait;
}

/**
 * The member's token hash: the address is not flooding, the token is a member (one indexed
 * query), then its own rate. An unknown token counts against its address.
 */
async function member(
	ctx: RelayContext,
	request: Request,
	spaceId: string,
	address: string
): Promise<string> {
	checkSpaceId(spaceId);
	const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
	if (!match) throw new Refused('no-token', 'This needs a member token.');
	const tokenHash = sha256Hex(match[1]!);
	const known = ctx.known.has(tokenHash);
	// An unknown token counts as a refusal before its query and is given back if it is a
	// member: so however many come at once, an address gets no more queries than its limit.
	if (!known) limit(ctx.refusals, address, ctx.now());
	if (!(await ctx.store.isMember(spaceId, tokenHash))) {
		throw new Refused('not-a-member', NOT_A_MEMBER);
	}
	if (!known) ctx.refusals.giveBack(address);
	ctx.known.add(tokenHash);
	limit(ctx.perToken, tokenHash, ctx.now());
	return tokenHash;
}

/** The next piece of a body, or a refusal once it has sent nothing for `idleMs`. */
async function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const idle = new Promise<never>((_, fail) => {
		timer = setTimeout(
			() => fail(new Refused('too-slow', 'The request body stopped coming; send it again.')),
			idleMs
		);
	});
	try {
		return await Promise.race([reader.read(), idle]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The body as a JSON object. Its size is checked before it is parsed; a body over the limit
 * is still read to its end (the server caps it), so the client gets the answer. A body that
 * stops coming is cut off: its connection is closed, so it holds nothing open.
 */
async function readJson(ctx: RelayContext, request: Request): Promise<Record<string, unknown>> {
	const tooLarge = new Refused('too-large', 'A request may be at most 4 MiB.');
	if (Number(request.headers.get('content-length')) > RELAY_LIMITS.bodyBytes) throw tooLarge;
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body) {
		const reader = request.body.getReader();
		try {
			for (;;) {
				const { done, value } = await nextChunk(reader, ctx.settings.bodyIdleMs);
				if (done) break;
				size += value.byteLength;
				if (size <= RELAY_LIMITS.bodyBytes) chunks.push(value);
			}
		} catch (error) {
			if (error instanceof Refused) {
				// Without a reason, so the server closes the connection without an error event.
				void reader.cancel().catch(() => undefined);
				throw error;
			}
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
	return answer(ctx, 'spaces-create', async () => {
		const now = ctx.now();
		limit(ctx.creates, address, now);
		const body = await readJson(ctx, request);
		if (typeof body.spaceId !== 'string') throw malformed('spaceId is missing.');
		checkSpaceId(body.spaceId);
		const tokenHash = sha256Hex(tokenField(body.token));
		if (!(await ctx.store.createSpace(body.spaceId, tokenHash, now))) {
			throw new Refused('space-exists', 'This space exists already.');
		}
		ctx.known.add(tokenHash);
		return json(201, {});
	});
}

/**
 * `POST /api/spaces/{id}/ops` `{ops}`: appends a batch, answers its sequence numbers and the
 * bytes the space holds of its quota. A batch that would pass the quota is refused whole.
 */
export function appendOps(ctx: RelayContext, request: Request, spaceId: string, address: string) {
	return answer(ctx, 'ops-append', async () => {
		const tokenHash = await member(ctx, request, spaceId, address);
		const { ops } = await readJson(ctx, request);
		if (!Array.isArray(ops) || ops.length === 0) throw malformed('ops must be 1 to 500 ops.');
		if (ops.length > RELAY_LIMITS.batchOps) {
			throw new Refused('too-large', 'A batch may hold at most 500 ops.');
		}
		const bodies = ops.map(opField);
		const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body, 'utf8'), 0);
		const wait = ctx.bytesPerToken.wait(tokenHash, ctx.now().getTime(), bytes);
		if (wait > 0) throw rateLimited(wait);
		const quota = ctx.settings.spaceQuotaBytes;
		try {
			const { seqs, used } = await ctx.store.append(spaceId, tokenHash, bodies, ctx.now(), quota);
			ctx.bytesPerToken.take(tokenHash, ctx.now().getTime(), bytes);
			ctx.metrics.appended(seqs.length);
			return json(200, { seqs, used, quota });
		} catch (error) {
			if (!(error instanceof QuotaReached)) throw error;
			throw new Refused('quota-reached', 'This space is full: it holds all it may.', undefined, {
				used: error.used,
				quota
			});
		}
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
 * that posted it (`from`), the space's last number, and the bytes it holds of its quota.
 */
export function readOps(ctx: RelayContext, request: Request, spaceId: string, address: string) {
	return answer(ctx, 'ops-read', async () => {
		await member(ctx, request, spaceId, address);
		const url = new URL(request.url);
		const after = queryNumber(url, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
		const count = queryNumber(url, 'limit', RELAY_LIMITS.readDefault, 1, RELAY_LIMITS.readMax);
		const { ops, last, used } = await ctx.store.read(spaceId, after, count);
		const answered = ops.map(({ seq, body, tokenHash }) => ({ seq, body, from: tokenHash }));
		return json(200, { ops: answered, last, used, quota: ctx.settings.spaceQuotaBytes });
	});
}

/**
 * `POST /api/spaces/{id}/invites` `{inviteHash, expiresAt, admin?}` (ms since 1970, at most
 * 7 days on). Only an admin token may register an admin invite.
 */
export function addInvite(ctx: RelayContext, request: Request, spaceId: string, address: string) {
	return answer(ctx, 'invites-add', async () => {
		const tokenHash = await member(ctx, request, spaceId, address);
		const body = await readJson(ctx, request);
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

/**
 * `POST /api/spaces/{id}/join` `{invite, token, hello}`: the invite's secret admits a token.
 * Joins have their own limit per address, apart from making spaces.
 */
export function join(ctx: RelayContext, request: Request, spaceId: string, address: string) {
	return answer(ctx, 'join', async () => {
		const now = ctx.now();
		limit(ctx.joins, address, now);
		checkSpaceId(spaceId);
		const body = await readJson(ctx, request);
		const { invite } = body;
		if (typeof invite !== 'string' || invite.length < 16 || invite.length > 256) {
			throw malformed('invite must be the invite secret (16 to 256 characters).');
		}
		const tokenHash = sha256Hex(tokenField(body.token));
		const hello = opField(body.hello);
		const result = await ctx.store.join(spaceId, sha256Hex(invite), tokenHash, hello, now);
		if (typeof result === 'string') throw JOIN_REFUSALS[result];
		ctx.known.add(tokenHash);
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
export function revoke(ctx: RelayContext, request: Request, spaceId: string, address: string) {
	return answer(ctx, 'revoke', async () => {
		const by = await member(ctx, request, spaceId, address);
		const tokenHash = hashField((await readJson(ctx, request)).tokenHash, 'tokenHash');
		const result = await ctx.store.revoke(spaceId, by, tokenHash, ctx.now());
		if (result !== 'revoked') throw REVOKE_REFUSALS[result];
		return json(200, {});
	});
}

/** The `spaces` of an events request: each space once, with a token. */
function streamSpaces(ctx: RelayContext, value: unknown): SpaceToken[] {
	const max = ctx.settings.spacesPerStream;
	if (!Array.isArray(value) || value.length === 0 || value.length > max) {
		throw malformed(`spaces must be 1 to ${max} spaces, each with its token.`);
	}
	const seen = new Set<string>();
	return value.map((entry: unknown) => {
		const { spaceId, token } = (entry ?? {}) as Record<string, unknown>;
		if (typeof spaceId !== 'string') throw malformed('Each space needs its spaceId.');
		checkSpaceId(spaceId);
		if (seen.has(spaceId)) throw malformed('Each space may be asked for once.');
		seen.add(spaceId);
		return { spaceId, tokenHash: sha256Hex(tokenField(token)) };
	});
}

const STREAM_FULL = {
	token: 'This device has too many event streams open; close one before opening another.',
	address: 'Too many event streams are open from this address.'
} as const;

/**
 * `POST /api/events` `{spaces: [{spaceId, token}]}`: one event stream for all of a device's
 * spaces. `data: {"space", "last"}` for each space at once and whenever its highest number
 * grows; `data: {"space", "refused": "not-a-member"}` for a token that is not (or no longer)
 * a member, which the stream then stops following; `: ping` now and then. Refused (403)
 * when no token is a member; capped per token and per address (429 too-many-streams).
 */
export function events(ctx: RelayContext, request: Request, address: string) {
	return answer(ctx, 'events', async () => {
		const tokens = streamSpaces(ctx, (await readJson(ctx, request)).spaces);
		notFlooding(
			ctx,
			address,
			tokens.map((t) => t.tokenHash)
		);
		const reserved = ctx.streams.reserve(address, tokens);
		if (typeof reserved === 'string') {
			throw new Refused('too-many-streams', STREAM_FULL[reserved], 60);
		}
		const stream = reserved;
		try {
			await stream.subscribe(ctx.store);
			const states = await ctx.store.states(tokens);
			const members = states.filter((s) => s.member);
			for (let i = members.length; i < states.length; i++) {
				ctx.refusals.take(address, ctx.now().getTime());
			}
			if (members.length === 0) throw new Refused('not-a-member', NOT_A_MEMBER);
			for (const { tokenHash } of members) {
				ctx.known.add(tokenHash);
				limit(ctx.perToken, tokenHash, ctx.now());
			}
			stream.start(states);
		} catch (error) {
			stream.close();
			throw error;
		}
		if (request.signal.aborted) stream.close();
		else request.signal.addEventListener('abort', () => stream.close(), { once: true });
		return new Response(stream.body, {
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				...NO_STORE,
				// Proxies such as nginx would otherwise hold events back.
				'x-accel-buffering': 'no'
			}
		});
	});
}

/**
 * `GET /api/metrics`: this process's figures in Prometheus' text format, only for the
 * addresses the operator allowed (METRICS_ALLOW); for any other, it does not exist.
 */
export async function metrics(ctx: RelayContext, address: string): Promise<Response> {
	if (!ctx.settings.metricsFrom.includes(address)) {
		return new Response('Not found', { status: 404, headers: NO_STORE });
	}
	const { spaces, bytes } = await ctx.store.usage();
	const text = ctx.metrics.render({
		streams: ctx.streams.size,
		storage: ctx.storage,
		spaces,
		bytes
	});
	return new Response(text, {
		headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', ...NO_STORE }
	});
}
