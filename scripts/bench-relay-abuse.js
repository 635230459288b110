#!/usr/bin/env node
/**
 * How the relay holds up under abuse, through its real routes on one Koers process: a flood
 * of made-up tokens from one address, many event streams asked for by one token, one token
 * filling its space up to the quota, making spaces until the address is refused and then
 * joining, and connections that send half a request or nothing at all. Each measurement has its own space, tokens and client
 * addresses (the process trusts `x-forwarded-for`), so no rate limit of one spills into
 * another. The idle connections run alongside the rest; the others one after the other.
 * Each measurement also checks what the relay's limits promise (with the default settings,
 * or those passed in `env`): a measurement that finds otherwise says so and fails.
 *
 * `node scripts/bench-relay-abuse.js` runs it on the embedded store and prints each figure
 * (needs a build in ./build or KOERS_BUILD). `abuseFigures(startKoers)` is the same for
 * another benchmark, with its own way to start Koers.
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId, now, quantile, sha256, sleep, startKoers } from './relay-bench-lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Honest reads before and during the token flood. */
const HONEST_READS = 200;
const FLOOD_CONCURRENCY = 50;
const FLOOD_MIN_MS = 3_000;
const FLOOD_MIN_TOKENS = 700;
/** The flood lasts until the honest reads are done, but never longer than this. */
const FLOOD_MAX_MS = 30_000;
const STREAMS = 500;
/** Stream counts asked for, at which appends and reads are timed (the last one is STREAMS). */
const STREAM_LEVELS = [0, STREAMS];
const APPENDS = 10;
/** How long every open stream may take to announce an append. */
const ANNOUNCE_TIMEOUT_MS = 10_000;
/** The storage flood goes on until the quota refuses it, but never longer than this. */
const STORAGE_MAX_MS = 90_000;
/** Members that take turns filling the space, each until its bytes a day are used up. */
const STORAGE_MEMBERS = 10;
/** Batches sent after the first 507, to see the quota stays shut. */
const STORAGE_AFTER_FULL = 3;
/** 60 ops of 60,000 characters: 3.6 MB, under the 4 MiB a request may carry. */
const STORAGE_BATCH = 60;
const STORAGE_OP_CHARS = 60_000;
const MAKE_ATTEMPTS = 100;
const IDLE_CAP_MS = 90_000;
/** The silent connection opens this long after the start (see idleConnections). */
const SILENT_DELAY_MS = 10_000;

/**
 * @typedef {object} Koers
 * @property {string} base e.g. `http://127.0.0.1:43210`
 * @property {() => Promise<unknown>} stop
 */
/**
 * Starts one Koers process with these variables added (DATA_DIR, ADDRESS_HEADER) and
 * waits until it listens.
 * @typedef {(env: Record<string, string>) => Promise<Koers>} StartKoers
 */
/** @typedef {Record<string, number | string>} Figures */
/**
 * @typedef {object} AbuseOptions
 * @property {(line: string) => void} [log] called with each line as soon as it is known
 * @property {Record<string, string>} [env] more for the Koers process, e.g. DATABASE_URL
 * @property {string} [storageDir] whose disk use to measure (default: the DATA_DIR made
 *   here; with DATABASE_URL pass the cluster's folder)
 * @property {string[]} [only] run only these measurements (`token flood`, `many streams`,
 *   `storage`, `make vs join`, `idle connections`); all when not given
 */
/**
 * @typedef {object} Space
 * @property {string} id
 * @property {string} token a member token
 * @property {string} address the client address it talks from
 */
/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {number} ms until the whole answer was read
 * @property {any} body parsed JSON, or the text
 */
/**
 * @typedef {object} Stream
 * @property {number} last highest number announced to it
 * @property {boolean} ended whether the server ended it
 * @property {AbortController} stop
 * @property {Promise<void>} [done] resolves when it is no longer read
 */

/** The relay's defaults (src/lib/server/relay/settings.ts), for what the figures should show. */
const DEFAULTS = {
	RELAY_REFUSALS_PER_ADDRESS_PER_MINUTE: 60,
	RELAY_SPACES_PER_ADDRESS_PER_HOUR: 60,
	RELAY_STREAMS_PER_TOKEN: 4
};
/** A limit as the Koers process sees it: from `env`, else this process's environment. */
function setting(
	/** @type {Record<string, string>} */ env,
	/** @type {keyof typeof DEFAULTS} */ name
) {
	const text = env[name] ?? process.env[name];
	return text ? Number(text) : DEFAULTS[name];
}

/** An opaque op of about 300 characters, as a device would send a small sealed envelope. */
const smallOp = () => newId(225);

const ms = (/** @type {number} */ value) => (Number.isNaN(value) ? '-' : value.toFixed(1));

/** @param {Map<string, number>} tally @param {string | number} key */
function count(tally, key) {
	tally.set(String(key), (tally.get(String(key)) ?? 0) + 1);
}
/** `403×812, 429×3`, or `none`. */
function shown(/** @type {Map<string, number>} */ tally) {
	const parts = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}×${n}`);
	return parts.join(', ') || 'none';
}
/** What a failed fetch or socket counts as: `error:ECONNRESET`, `error:AbortError`, … */
function failure(/** @type {unknown} */ error) {
	const { cause, name } = /** @type {{ cause?: { code?: string }, name?: string }} */ (error);
	return `error:${cause?.code ?? name ?? 'unknown'}`;
}

/**
 * One request from a client address, the whole answer read.
 * @param {string} base
 * @param {string} method
 * @param {string} path
 * @param {{ address: string, token?: string, body?: unknown }} options
 * @returns {Promise<Answer>}
 */
async function call(base, method, path, { address, token, body }) {
	/** @type {Record<string, string>} */
	const headers = { 'x-forwarded-for': address };
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const started = now();
	const response = await fetch(`${base}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	const took = now() - started;
	/** @type {unknown} */
	let parsed = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, ms: took, body: parsed };
}

/** @param {Answer} answer @param {string} what */
function expectOk(answer, what) {
	if (answer.status >= 300) {
		throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
	}
	return answer;
}

/** A space with its maker's token, made from `address`. @returns {Promise<Space>} */
async function makeSpace(/** @type {string} */ base, /** @type {string} */ address) {
	const space = { id: newId(16), token: newId(32), address };
	const body = { spaceId: space.id, token: space.token };
	expectOk(await call(base, 'POST', '/api/spaces', { address, body }), 'POST /api/spaces');
	return space;
}

/**
 * A second member of `space`, let in through an invite, talking from `address`.
 * @param {string} base
 * @param {Space} space
 * @param {string} address
 * @returns {Promise<Space>}
 */
async function joinSpace(base, space, address) {
	const secret = newId(32);
	const token = newId(32);
	const inviteBody = { inviteHash: sha256(secret), expiresAt: Date.now() + 3_600_000 };
	const invites = `/api/spaces/${space.id}/invites`;
	expectOk(
		await call(base, 'POST', invites, {
			address: space.address,
			token: space.token,
			body: inviteBody
		}),
		'POST invites'
	);
	const body = { invite: secret, token, hello: smallOp() };
	expectOk(await call(base, 'POST', `/api/spaces/${space.id}/join`, { address, body }), 'join');
	return { id: space.id, token, address };
}

/** @param {string} base @param {Space} member @param {string[]} ops */
async function append(base, member, ops) {
	const path = `/api/spaces/${member.id}/ops`;
	return call(base, 'POST', path, { address: member.address, token: member.token, body: { ops } });
}

/** @param {string} base @param {Space} member */
function read(base, member) {
	const path = `/api/spaces/${member.id}/ops`;
	return call(base, 'GET', path, { address: member.address, token: member.token });
}

/**
 * Honest reads one after the other, until `times` are done or `more` says stop.
 * @param {string} base
 * @param {Space} member
 * @param {number} times
 * @param {() => boolean} [more] whether to go on
 */
async function honestReads(base, member, times, more = () => true) {
	/** @type {number[]} */
	const took = [];
	/** @type {Map<string, number>} */
	const statuses = new Map();
	while (took.length < times && more()) {
		const started = now();
		try {
			const answer = await read(base, member);
			count(statuses, answer.status);
		} catch (error) {
			count(statuses, failure(error));
		}
		took.push(now() - started);
	}
	return { took, statuses };
}

/** `median 3.1 ms, p95 5.0 ms (200 reads: 200×200)` */
function readFigures(
	/** @type {string} */ name,
	/** @type {{ took: number[], statuses: Map<string, number> }} */ reads,
	/** @type {Figures} */ figures
) {
	const p50 = quantile(reads.took, 0.5);
	const p95 = quantile(reads.took, 0.95);
	const peak = Math.max(...reads.took);
	figures[`${name}.p50Ms`] = p50;
	figures[`${name}.p95Ms`] = p95;
	figures[`${name}.peakMs`] = peak;
	figures[`${name}.reads`] = reads.took.length;
	return (
		`median ${ms(p50)} ms, p95 ${ms(p95)} ms, peak ${ms(peak)} ms ` +
		`(${reads.took.length} reads: ${shown(reads.statuses)})`
	);
}

/**
 * 1. One address sends reads with made-up tokens, as fast as it can (`rate` 0) or at `rate`
 * requests a second; an honest member reads meanwhile. Past its refusals a minute the
 * address must be answered 429 before any query.
 * @param {string} base
 * @param {(line: string) => void} say
 * @param {Figures} figures
 * @param {Record<string, string>} env
 * @param {{ rate: number, attacker: string, honestAddress: string }} how
 */
async function tokenFlood(base, say, figures, env, how) {
	const name = how.rate ? `flood${how.rate}` : 'flood';
	const title = how.rate ? `token flood at ${how.rate}/s` : 'token flood';
	const honest = await makeSpace(base, how.honestAddress);
	for (let i = 0; i < 5; i++) {
		expectOk(await append(base, honest, Array.from({ length: 10 }, smallOp)), 'append');
	}
	const before = await honestReads(base, honest, HONEST_READS);
	say(`${title}: honest reads before, ${readFigures(`${name}.before`, before, figures)}`);

	const { attacker } = how;
	const path = `/api/spaces/${honest.id}/ops`;
	/** @type {Map<string, number>} */
	const statuses = new Map();
	let sent = 0;
	let flooding = true;
	/** 403s answered before the first 429, or undefined while none came. */
	let before429;
	const started = now();
	const workers = Array.from({ length: FLOOD_CONCURRENCY }, async () => {
		while (flooding) {
			const due = how.rate ? started + (sent / how.rate) * 1000 : 0;
			sent++;
			if (due > now()) await sleep(due - now());
			if (!flooding) break;
			try {
				const answer = await call(base, 'GET', path, { address: attacker, token: newId(32) });
				if (answer.status === 429) before429 ??= statuses.get('403') ?? 0;
				count(statuses, answer.status);
			} catch (error) {
				count(statuses, failure(error));
			}
		}
	});
	await sleep(200);
	const during = await honestReads(
		base,
		honest,
		HONEST_READS,
		() => now() - started < FLOOD_MAX_MS
	);
	while (
		(now() - started < FLOOD_MIN_MS || sent < FLOOD_MIN_TOKENS) &&
		now() - started < FLOOD_MAX_MS
	) {
		await sleep(20);
	}
	flooding = false;
	await Promise.all(workers);
	const seconds = (now() - started) / 1000;
	const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
	figures[`${name}.requests`] = answered;
	figures[`${name}.seconds`] = seconds;
	figures[`${name}.perSecond`] = answered / seconds;
	for (const [status, n] of statuses) figures[`${name}.status.${status}`] = n;
	const limit = setting(env, 'RELAY_REFUSALS_PER_ADDRESS_PER_MINUTE');
	figures[`${name}.refusalsBefore429`] = before429 ?? 'none';
	say(
		`${title}: ${answered} requests with as many made-up tokens from one address in ` +
			`${seconds.toFixed(1)} s, ${FLOOD_CONCURRENCY} at a time: ` +
			`${Math.round(answered / seconds)} requests/s; answers ${shown(statuses)}; ` +
			(before429 === undefined
				? 'never refused with 429'
				: `${statuses.get('403') ?? 0} answered 403 after a query (the limit is ${limit} a ` +
					`minute), all others 429 before any query`)
	);
	say(`${title}: honest reads during, ${readFigures(`${name}.during`, during, figures)}`);
	if (before429 === undefined || (statuses.get('403') ?? 0) > limit) {
		throw new Error(`expected at most ${limit} refusals, then 429s, got ${shown(statuses)}`);
	}
	if (during.statuses.size !== 1 || !during.statuses.has('200')) {
		throw new Error(`expected every honest read to succeed, got ${shown(during.statuses)}`);
	}
}

/** The number in `data: {"space":"…","last":12}`; NaN for a refusal or anything else. */
function announced(/** @type {string} */ data) {
	try {
		const { last } = JSON.parse(data);
		return typeof last === 'number' ? last : NaN;
	} catch {
		return NaN;
	}
}

/**
 * Reads a stream's events until it ends or is aborted.
 * @param {ReadableStream} body
 * @param {Stream} stream
 */
async function consume(body, stream) {
	const reader = body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			buffer += value;
			let end;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const event = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				for (const line of event.split('\n')) {
					if (!line.startsWith('data:')) continue;
					const seq = announced(line.slice(5).trim());
					if (Number.isFinite(seq)) stream.last = Math.max(stream.last, seq);
				}
			}
		}
	} catch {
		// Aborted by us, or cut by the server.
	}
	if (!stream.stop.signal.aborted) stream.ended = true;
}

/**
 * Opens one event stream for `member` (`POST /api/events` with its one space).
 * @param {string} base
 * @param {Space} member
 * @returns {Promise<{ stream?: Stream, refused?: string }>} refused: `429 too-many-streams`, …
 */
async function openStream(base, member) {
	const stop = new AbortController();
	const { signal } = stop;
	try {
		const response = await fetch(`${base}/api/events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': member.address },
			body: JSON.stringify({ spaces: [{ spaceId: member.id, token: member.token }] }),
			signal
		});
		const type = response.headers.get('content-type') ?? '';
		if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
			const text = await response.text().catch(() => '');
			let code = '';
			try {
				code = String(JSON.parse(text).error ?? '');
			} catch {
				// Not JSON: the status says it.
			}
			return { refused: `${response.status}${code ? ` ${code}` : ''}` };
		}
		/** @type {Stream} */
		const stream = { last: -1, ended: false, stop };
		stream.done = consume(response.body, stream);
		return { stream };
	} catch (error) {
		stop.abort();
		return { refused: failure(error) };
	}
}

/**
 * Appends one after the other with the streams open, each timed and followed until every
 * open stream announced it; an honest member reads meanwhile.
 * @param {string} base
 * @param {Space} writer
 * @param {Space} reader
 * @param {Stream[]} streams
 */
async function appendsWithStreams(base, writer, reader, streams) {
	/** @type {number[]} */
	const appendMs = [];
	/** @type {number[]} */
	const announceMs = [];
	/** @type {Map<string, number>} */
	const statuses = new Map();
	let late = 0;
	let appending = true;
	const reads = honestReads(base, reader, 100, () => appending);
	for (let i = 0; i < APPENDS; i++) {
		const started = now();
		const answer = await append(base, writer, [smallOp()]).catch((error) => {
			count(statuses, failure(error));
			return undefined;
		});
		appendMs.push(now() - started);
		if (!answer) continue;
		count(statuses, answer.status);
		const seq = answer.body?.seqs?.[0];
		if (typeof seq === 'number' && streams.length > 0) {
			const deadline = started + ANNOUNCE_TIMEOUT_MS;
			while (streams.some((s) => !s.ended && s.last < seq) && now() < deadline) {
				await sleep(1);
			}
			if (streams.some((s) => !s.ended && s.last < seq)) late++;
			announceMs.push(now() - started);
		}
		await sleep(50);
	}
	appending = false;
	const during = await reads;
	// At least 30 reads, so a p95 means something even when the appends are quick.
	const more = await honestReads(base, reader, Math.max(0, 30 - during.took.length));
	const statusesRead = new Map(during.statuses);
	for (const [status, n] of more.statuses)
		statusesRead.set(status, (statusesRead.get(status) ?? 0) + n);
	return {
		appendMs,
		announceMs,
		statuses,
		late,
		reads: { took: [...during.took, ...more.took], statuses: statusesRead }
	};
}

/** Two sets of reads as one. */
function joined(
	/** @type {{ took: number[], statuses: Map<string, number> }} */ a,
	/** @type {{ took: number[], statuses: Map<string, number> }} */ b
) {
	const statuses = new Map(a.statuses);
	for (const [status, n] of b.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
	return { took: [...a.took, ...b.took], statuses };
}

/**
 * 2. One token asks for many event streams of its space, while an honest member reads; then
 * appends and honest reads with what was let open. Past its streams per token, each must be
 * refused with 429 too-many-streams.
 * @param {string} base
 * @param {(line: string) => void} say
 * @param {Figures} figures
 * @param {Record<string, string>} env
 */
async function manyStreams(base, say, figures, env) {
	const maker = await makeSpace(base, '10.2.0.1');
	const writer = await joinSpace(base, maker, '10.2.0.2');
	const reader = await joinSpace(base, maker, '10.2.0.3');
	expectOk(await append(base, writer, Array.from({ length: 20 }, smallOp)), 'append');

	/** @type {Stream[]} */
	const streams = [];
	/** @type {Map<string, number>} */
	const refused = new Map();
	let asked = 0;
	const openUpTo = async (/** @type {number} */ wanted) => {
		while (asked < wanted) {
			const batch = Math.min(50, wanted - asked);
			asked += batch;
			const opened = await Promise.all(
				Array.from({ length: batch }, () => openStream(base, maker))
			);
			for (const { stream, refused: status } of opened) {
				if (stream) streams.push(stream);
				else count(refused, status ?? 'unknown');
			}
		}
	};

	try {
		for (const level of STREAM_LEVELS) {
			// The honest member reads while the streams are asked for, too.
			let opening = true;
			const whileAsking = honestReads(base, reader, Infinity, () => opening);
			const openStarted = now();
			await openUpTo(level).finally(() => (opening = false));
			const openSeconds = (now() - openStarted) / 1000;
			const asking = await whileAsking;
			const open = streams.filter((s) => !s.ended);
			const result = await appendsWithStreams(base, writer, reader, open);
			const name = `streams.${level}`;
			figures[`${name}.open`] = open.length;
			figures[`${name}.appendP50Ms`] = quantile(result.appendMs, 0.5);
			figures[`${name}.appendMaxMs`] = Math.max(...result.appendMs);
			const which =
				open.length === level
					? `${level} streams open`
					: `${open.length} streams open (${level} asked for by one token, ` +
						`${level - open.length} refused or ended)`;
			let line =
				`many streams: ${APPENDS} appends with ${which}: median ` +
				`${ms(quantile(result.appendMs, 0.5))} ms, max ${ms(Math.max(...result.appendMs))} ms ` +
				`(${shown(result.statuses)})`;
			if (result.announceMs.length > 0) {
				figures[`${name}.announceP50Ms`] = quantile(result.announceMs, 0.5);
				figures[`${name}.announceMaxMs`] = Math.max(...result.announceMs);
				line +=
					`; announced on every stream after median ${ms(quantile(result.announceMs, 0.5))} ms, ` +
					`max ${ms(Math.max(...result.announceMs))} ms` +
					(result.late ? `, ${result.late} not everywhere within 10 s` : '');
			}
			if (level > 0) line += ` (asking took ${openSeconds.toFixed(1)} s)`;
			say(line);
			const reads = joined(asking, result.reads);
			const when =
				level > 0
					? `while one token asked for ${level} streams and after, with ${which}`
					: `with ${which}`;
			say(`many streams: honest reads ${when}: ${readFigures(name, reads, figures)}`);
		}
		const ended = streams.filter((s) => s.ended).length;
		figures['streams.asked'] = asked;
		figures['streams.accepted'] = streams.length;
		figures['streams.endedByServer'] = ended;
		for (const [status, n] of refused) figures[`streams.refused.${status}`] = n;
		say(
			`many streams: one token asked for ${asked} streams (POST /api/events): ` +
				`${streams.length} accepted, refused ${shown(refused)}` +
				(ended ? `; ${ended} of the accepted ended by the server before we closed them` : '')
		);
		const cap = setting(env, 'RELAY_STREAMS_PER_TOKEN');
		if (streams.length !== cap || refused.get('429 too-many-streams') !== asked - cap) {
			throw new Error(`expected ${cap} accepted and the rest refused 429 too-many-streams`);
		}
	} finally {
		for (const stream of streams) stream.stop.abort();
		await Promise.all(streams.map((s) => s.done));
	}
}

/** Bytes a folder takes on disk, as `du` counts them. */
function diskBytes(/** @type {string} */ dir) {
	let total = 0;
	const visit = (/** @type {string} */ path) => {
		const stat = lstatSync(path, { throwIfNoEntry: false });
		if (!stat) return;
		total += stat.blocks * 512;
		if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
	};
	visit(dir);
	return total;
}
const mib = (/** @type {number} */ bytes) => (bytes / 1024 / 1024).toFixed(1);

/**
 * 3. Members of one space write big batches as fast as they can: each token until its bytes
 * a day are used up (429), then the next joins and goes on, until the space's quota refuses
 * them (507 quota-reached) and a few more after that.
 * @param {string} base
 * @param {string} storageDir
 * @param {(line: string) => void} say
 * @param {Figures} figures
 */
async function storageFlood(base, storageDir, say, figures) {
	const maker = await makeSpace(base, '10.3.0.1');
	// Random, so nothing compresses; each op is stored as a row of its own.
	const pool = Array.from({ length: STORAGE_BATCH * 2 }, () => newId((STORAGE_OP_CHARS * 3) / 4));
	const before = diskBytes(storageDir);
	/** @type {Map<string, number>} */
	const statuses = new Map();
	let accepted = 0;
	let batches = 0;
	let afterFull = 0;
	/** Bytes each token got in before it was refused 429. */
	/** @type {number[]} */
	const perToken = [];
	let writer = maker;
	let members = 1;
	let mine = 0;
	/** @type {{ used?: number, quota?: number, seconds: number } | undefined} */
	let full;
	let quota = NaN;
	const started = now();
	while (afterFull < STORAGE_AFTER_FULL && now() - started < STORAGE_MAX_MS) {
		const offset = (batches++ % 2) * STORAGE_BATCH;
		const ops = pool.slice(offset, offset + STORAGE_BATCH);
		try {
			const answer = await append(base, writer, ops);
			count(statuses, answer.status);
			if (typeof answer.body?.quota === 'number') quota = answer.body.quota;
			if (answer.status === 200) {
				accepted += STORAGE_BATCH * STORAGE_OP_CHARS;
				mine += STORAGE_BATCH * STORAGE_OP_CHARS;
			}
			if (answer.status === 507) {
				full ??= { ...answer.body, seconds: (now() - started) / 1000 };
			}
			if (answer.status === 429 && !full) {
				if (members >= STORAGE_MEMBERS) break;
				perToken.push(mine);
				mine = 0;
				members++;
				writer = await joinSpace(base, maker, `10.3.0.${members}`);
			}
		} catch (error) {
			count(statuses, failure(error));
		}
		if (full) afterFull++;
	}
	const seconds = (now() - started) / 1000;
	const after = diskBytes(storageDir);
	await sleep(1000);
	const settled = diskBytes(storageDir);
	figures['storage.acceptedMiB'] = accepted / 1024 / 1024;
	figures['storage.seconds'] = seconds;
	figures['storage.batches'] = batches;
	figures['storage.members'] = members;
	figures['storage.perTokenMiB'] = quantile(perToken, 0.5) / 1024 / 1024;
	figures['storage.quotaMiB'] = quota / 1024 / 1024;
	figures['storage.fullAfterSeconds'] = full ? full.seconds : 'never';
	for (const [status, n] of statuses) figures[`storage.status.${status}`] = n;
	figures['storage.diskBeforeMiB'] = before / 1024 / 1024;
	figures['storage.diskAfterMiB'] = settled / 1024 / 1024;
	say(
		`storage: ${members} members of one space sent ${batches} batches of ${STORAGE_BATCH} ops × ` +
			`${STORAGE_OP_CHARS.toLocaleString('en')} characters in ${seconds.toFixed(1)} s: ` +
			`${mib(accepted)} MiB accepted (${mib(accepted / seconds)} MiB/s); answers ${shown(statuses)}`
	);
	say(
		(perToken.length
			? `storage: each token was refused 429 after ${perToken.map(mib).join(', ')} MiB ` +
				`(its bytes a day), the next member went on; `
			: 'storage: ') +
			(full
				? `the space was full (507 quota-reached) after ${full.seconds.toFixed(1)} s, at ` +
					`${mib(full.used ?? NaN)} MiB used of its ${mib(full.quota ?? quota)} MiB quota`
				: `never full within ${STORAGE_MAX_MS / 1000} s (quota ${mib(quota)} MiB)`)
	);
	say(
		`storage: data folder ${mib(before)} MiB before, ${mib(after)} MiB right after, ` +
			`${mib(settled)} MiB a second later (+${mib(settled - before)} MiB)`
	);
	if (!full || afterFull !== STORAGE_AFTER_FULL || statuses.get('507') !== afterFull) {
		throw new Error(`expected 507 quota-reached from the first refusal on, got ${shown(statuses)}`);
	}
}

/**
 * 4. One address makes spaces until it is refused, then joins a space honestly: joining is
 * limited apart from making, so the join must go.
 * @param {string} base
 * @param {(line: string) => void} say
 * @param {Figures} figures
 * @param {Record<string, string>} env
 */
async function makeVsJoin(base, say, figures, env) {
	const address = '10.4.0.1';
	const other = await makeSpace(base, '10.4.0.2');
	const secret = newId(32);
	const inviteBody = { inviteHash: sha256(secret), expiresAt: Date.now() + 3_600_000 };
	expectOk(
		await call(base, 'POST', `/api/spaces/${other.id}/invites`, {
			address: other.address,
			token: other.token,
			body: inviteBody
		}),
		'POST invites'
	);
	/** @type {Map<string, number>} */
	const statuses = new Map();
	let made = 0;
	let attempts = 0;
	while (attempts < MAKE_ATTEMPTS) {
		attempts++;
		const body = { spaceId: newId(16), token: newId(32) };
		const answer = await call(base, 'POST', '/api/spaces', { address, body });
		count(statuses, answer.status);
		if (answer.status === 201) made++;
		if (answer.status === 429) break;
	}
	const body = { invite: secret, token: newId(32), hello: smallOp() };
	const joined = await call(base, 'POST', `/api/spaces/${other.id}/join`, { address, body });
	figures['make.made'] = made;
	figures['make.attempts'] = attempts;
	figures['make.joinStatus'] = joined.status;
	const refusedAt = statuses.has('429') ? `try ${attempts} answered 429` : 'never refused';
	say(
		`make vs join: one address made ${made} spaces in ${attempts} tries (${refusedAt}; ` +
			`answers ${shown(statuses)}); then an honest join from that address: ${joined.status}` +
			(joined.body?.error ? ` ${joined.body.error}` : '')
	);
	const limit = setting(env, 'RELAY_SPACES_PER_ADDRESS_PER_HOUR');
	if (made !== limit || !statuses.has('429') || joined.status !== 200) {
		throw new Error(`expected ${limit} spaces made, then 429, then the join answered 200`);
	}
}

/**
 * Connects, sends `text` (if any), then nothing: how long until the server closes.
 * @param {number} port
 * @param {string} text
 */
function untilClosed(port, text) {
	return new Promise(
		/** @param {(result: { closed: boolean, seconds: number, answer: string }) => void} done */
		(done) => {
			const started = now();
			let answer = '';
			const socket = connect(port, '127.0.0.1', () => {
				if (text) socket.write(text);
			});
			socket.setEncoding('latin1');
			socket.on('data', (data) => {
				if (answer.length < 200) answer += data;
			});
			socket.on('error', () => {});
			const cap = setTimeout(() => {
				socket.destroy();
				done({ closed: false, seconds: IDLE_CAP_MS / 1000, answer });
			}, IDLE_CAP_MS);
			socket.once('close', () => {
				clearTimeout(cap);
				done({ closed: true, seconds: (now() - started) / 1000, answer });
			});
		}
	);
}

/**
 * 5. A request whose body never comes, and a connection that never sends anything.
 * @param {string} base
 * @param {(line: string) => void} say
 * @param {Figures} figures
 */
async function idleConnections(base, say, figures) {
	const { port, host } = new URL(base);
	// Node closes a silent connection at its first check (every 30 s from the start) after
	// headersTimeout: opened at once, that check would fall just on the cap.
	const silentClosed = sleep(SILENT_DELAY_MS).then(() => untilClosed(Number(port), ''));
	const member = await makeSpace(base, '10.5.0.1');
	const body = JSON.stringify({ ops: ['x'.repeat(48)] })
		.slice(0, 60)
		.padEnd(60, 'x');
	const head =
		`POST /api/spaces/${member.id}/ops HTTP/1.1\r\nHost: ${host}\r\n` +
		`Authorization: Bearer ${member.token}\r\nContent-Type: application/json\r\n` +
		`X-Forwarded-For: ${member.address}\r\nContent-Length: 4000000\r\n\r\n`;
	const [slow, silent] = await Promise.all([untilClosed(Number(port), head + body), silentClosed]);
	for (const [name, what, result] of /** @type {const} */ ([
		['slowBody', 'a request with Content-Length 4000000 and 60 bytes of body', slow],
		['silent', 'a connection that sends nothing', silent]
	])) {
		figures[`idle.${name}.seconds`] = result.closed ? result.seconds : 'open';
		const answered = result.answer.split('\r\n')[0];
		say(
			`idle connections: ${what}: ` +
				(result.closed
					? `closed by the server after ${result.seconds.toFixed(1)} s`
					: `still open after ${IDLE_CAP_MS / 1000} s`) +
				(answered ? ` (it answered "${answered}")` : ' (no answer)')
		);
	}
}

/**
 * Runs every measurement on a Koers process of its own (a fresh DATA_DIR in a temporary
 * folder) and stops it. A measurement that fails says so and the others still run.
 * @param {StartKoers} startKoers
 * @param {AbuseOptions} [options]
 * @returns {Promise<{ figures: Figures, lines: string[], ok: boolean }>}
 */
export async function abuseFigures(startKoers, options = {}) {
	const { log = () => {}, env = {} } = options;
	const dataDir = mkdtempSync(join(tmpdir(), 'koers-bench-abuse-'));
	/** @type {Figures} */
	const figures = {};
	/** @type {string[]} */
	const lines = [];
	let ok = true;
	const say = (/** @type {string} */ line) => {
		lines.push(line);
		log(line);
	};
	/** @param {string} name @param {() => Promise<void>} work */
	const guarded = async (name, work) => {
		if (options.only && !options.only.includes(name)) return;
		try {
			await work();
		} catch (error) {
			ok = false;
			say(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	};
	try {
		const koers = await startKoers({
			...env,
			DATA_DIR: dataDir,
			ADDRESS_HEADER: 'x-forwarded-for'
		});
		try {
			const idle = guarded('idle connections', () => idleConnections(koers.base, say, figures));
			await guarded('token flood', async () => {
				// At the rate first measured on the relay (710/s), then as fast as it can go.
				const paced = { rate: 710, attacker: '10.67.0.1', honestAddress: '10.1.1.1' };
				await tokenFlood(koers.base, say, figures, env, paced);
				const fast = { rate: 0, attacker: '10.66.0.1', honestAddress: '10.1.0.1' };
				await tokenFlood(koers.base, say, figures, env, fast);
			});
			await guarded('many streams', () => manyStreams(koers.base, say, figures, env));
			await guarded('storage', () =>
				storageFlood(koers.base, options.storageDir ?? dataDir, say, figures)
			);
			await guarded('make vs join', () => makeVsJoin(koers.base, say, figures, env));
			await idle;
			const p95 = (/** @type {string} */ name) => ms(Number(figures[`${name}.p95Ms`] ?? NaN));
			if (figures['flood.during.p95Ms'] !== undefined || figures[`streams.${STREAMS}.p95Ms`])
				say(
					`summary: an honest read's p95 is ${p95('flood.before')} ms alone, ` +
						`${p95('flood710.during')} ms during a made-up-token flood of 710/s, ` +
						`${p95('flood.during')} ms during one as fast as it goes, and ` +
						`${p95(`streams.${STREAMS}`)} ms with ${STREAMS} streams asked by one token`
				);
		} finally {
			await koers.stop();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
	return { figures, lines, ok };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const build = resolve(root, process.env.KOERS_BUILD ?? 'build');
	if (!existsSync(join(build, 'handler.js'))) {
		console.error(`No build in ${build}: run \`npm run build\` first.`);
		process.exit(1);
	}
	const started = now();
	/** @type {{ stderr: string[] }} */
	const server = { stderr: [] };
	let ok = false;
	try {
		/** @type {StartKoers} */
		const start = (env) => startKoers(env, (line) => server.stderr.push(line));
		const result = await abuseFigures(start, { log: (line) => console.log(line) });
		ok = result.ok;
	} catch (error) {
		console.error(error);
	}
	if (server.stderr.length > 0) {
		const kinds = [...new Set(server.stderr.map((line) => line.slice(0, 120)))];
		console.log(
			`the server wrote ${server.stderr.length} lines to stderr, e.g. ` +
				kinds
					.slice(0, 3)
					.map((line) => JSON.stringify(line))
					.join(', ')
		);
	}
	console.log(`took ${((now() - started) / 1000).toFixed(0)} s`);
	process.exit(ok ? 0 : 1);
}
