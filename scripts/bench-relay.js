#!/usr/bin/env node
/**
 * Load on the relay through its real routes, on both backends: the embedded store in one
 * Koers process, and PostgreSQL behind two Koers processes with the devices spread over
 * both. Every device holds its event stream (`POST /api/events`) and pulls what is
 * announced; at the end each must have every op of its space exactly once. Needs a build
 * (`npm run build`).
 *
 * Every device sends its batches of 10 one after the other, as fast as the relay takes
 * them, so this is the relay at full load: throughput counts from the first batch sent
 * until every device has every op, and the live-update latency (a batch sent → its ops
 * fetched by another device of the space) includes the queue that load builds up.
 *
 * Then, on PostgreSQL behind two processes, a region: 5,000 devices in 1,250 families, each
 * device with its stream open, the families writing at a person's pace. It tells how fast
 * an append is answered, how soon every other device of the family has the change, and
 * what an open stream costs the relay in memory. Last, the abuse figures
 * (scripts/bench-relay-abuse.js) on the embedded store.
 *
 * BENCH_SCALE=small runs only the load, with 20 devices in 5 spaces and 1,000 ops instead
 * of 200, 50, 20,000. BENCH_PARTS picks parts: `embedded`, `postgres`, `region`, `abuse`
 * (e.g. BENCH_PARTS=region).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abuseFigures } from './bench-relay-abuse.js';
import { findPostgresBin, startPostgres } from './postgres-cluster.js';
import {
	atExit,
	newId,
	now,
	quantile,
	sha256,
	sleep,
	startKoers as startLocalKoers
} from './relay-bench-lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const small = process.env.BENCH_SCALE === 'small';
const SCALE = small
	? { devices: 20, spaces: 5, ops: 1_000 }
	: { devices: 200, spaces: 50, ops: 20_000 };
const BATCH = 10;
const DELIVERY_TIMEOUT_MS = 120_000;
/** Single changes sent one by one after the load, for the latency a person notices. */
const IDLE_OPS = 30;
/** The region: families writing at a person's pace, every device's stream open. */
const REGION = {
	devices: 5_000,
	families: 1_250,
	writeMs: 75_000,
	/** Between two batches of a family: uniform in this range (ms), so 15 s on average. */
	gapMs: [10_000, 20_000],
	/** Ops in a batch: uniform from the first to the second. */
	opsPerBatch: [1, 3],
	/** Families made and joined at once. */
	setupAtOnce: 50,
	/** Streams being opened at once. */
	openAtOnce: 200,
	/** After the writes, how long every device may take to have everything. */
	drainMs: 60_000
};

/**
 * @typedef {object} Device
 * @property {number} index
 * @property {Space} space
 * @property {string} base the relay process this device talks to
 * @property {string} token
 * @property {string} address its own client address, as a proxy in front would pass it on
 * @property {number} last highest number pulled
 * @property {number} wanted highest number announced
 * @property {boolean} pulling
 * @property {Map<string, number>} received op id → times received
 * @property {number[]} seqs numbers received, in order
 * @property {AbortController} stop
 */
/**
 * @typedef {object} Space
 * @property {string} id
 * @property {Device[]} devices
 * @property {Set<string>} sent ids of every op appended to it
 * @property {number} total how many ops it will hold
 */
/**
 * What a device does with each op it fetched.
 * @typedef {(device: Device, id: string, sentAt: number, fetchedAt: number) => void} OnOp
 */
/** @typedef {import('./relay-bench-lib.js').Koers} Koers */

const mib = (/** @type {number} */ kib) => (kib / 1024).toFixed(0);

/** An opaque op as a device would send it: unique id, send time, then sealed-looking noise. */
function opBody(/** @type {string} */ id) {
	return `${id}.${now().toFixed(3)}.${newId(96 + Math.floor(Math.random() * 160))}`;
}

/**
 * @param {Device} device
 * @param {string} path
 * @param {unknown} [body]
 */
async function call(device, path, body, token = device.token) {
	const response = await fetch(`${device.base}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: {
			authorization: `Bearer ${token}`,
			'content-type': 'application/json',
			'x-forwarded-for': device.address
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const answer = await response.json();
	if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
	return answer;
}

/**
 * Runs `work` on each item, at most `atOnce` at a time.
 * @template T
 * @param {T[]} items
 * @param {number} atOnce
 * @param {(item: T) => Promise<unknown>} work
 */
async function inTurns(items, atOnce, work) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(/** @type {T} */ (items[next++]));
	};
	await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
}

/** What the Koers processes wrote to stderr, shown at the end. */
const serverErrors = /** @type {string[]} */ ([]);

/** Starts Koers, keeping what it writes to stderr for the end. */
const startKoers = (/** @type {Record<string, string>} */ env) =>
	startLocalKoers(env, (line) => serverErrors.push(line));

/** A temporary folder, removed at the end. */
function tempDir(/** @type {string} */ prefix) {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	atExit(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Resident memory of these processes together, in KiB, as the kernel counts it. */
function rssKiB(/** @type {Koers[]} */ servers) {
	let total = 0;
	for (const { pid } of servers) {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		total += Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
	}
	return total;
}

/**
 * CPU seconds (user and system) a process has used, from /proc/<pid>/stat; with `children`
 * also those of its children that ended; 0 when it is gone.
 */
function cpuSeconds(/** @type {number} */ pid, children = false) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// After the name in parentheses: state (field 3), …, utime (14), stime (15), cutime
		// (16), cstime (17).
		const fields = stat
			.slice(stat.lastIndexOf(')') + 2)
			.split(' ')
			.map(Number);
		const own = Number(fields[11]) + Number(fields[12]);
		return (own + (children ? Number(fields[13]) + Number(fields[14]) : 0)) / CLOCK_TICKS;
	} catch {
		return 0;
	}
}
/** Linux counts process time in ticks of 1/100 s (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/**
 * CPU seconds the PostgreSQL cluster listening on `port` has used: its postmaster, the
 * backends running now and those that ended (a pool closes idle connections).
 */
function postgresCpu(/** @type {number} */ port) {
	/** @type {{ pid: number, parent: number, command: string }[]} */
	const all = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
			const parent = Number(
				/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]
			);
			all.push({ pid: Number(name), parent, command });
		} catch {
			// Gone meanwhile.
		}
	}
	const main = all.find((p) => p.command.includes('postgres') && p.command.includes(`-p ${port}`));
	if (!main) return NaN;
	const running = all.filter((p) => p.parent === main.pid);
	return running.reduce((sum, p) => sum + cpuSeconds(p.pid), cpuSeconds(main.pid, true));
}

/** CPU seconds the whole machine was busy (all cores), from /proc/stat. */
function machineBusySeconds() {
	const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/) ?? [];
	const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks.map(Number);
	return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/**
 * CPU time used from now until the returned function is called, by this script, the relay
 * processes, the PostgreSQL cluster and the machine as a whole.
 * @param {Koers[]} servers
 * @param {number} postgresPort
 */
function cpuMeter(servers, postgresPort) {
	const relay = () => servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0);
	const database = () => postgresCpu(postgresPort);
	const own = () => process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
	const start = { relay: relay(), database: database(), own: own(), machine: machineBusySeconds() };
	return () => {
		const bench = own() - start.own;
		const relayUsed = relay() - start.relay;
		const databaseUsed = database() - start.database;
		const machine = machineBusySeconds() - start.machine;
		return {
			bench,
			relay: relayUsed,
			database: databaseUsed,
			others: Math.max(0, machine - bench - relayUsed - databaseUsed)
		};
	};
}

/** Reads (pulls) sent so far, by all devices. */
let reads = 0;

/**
 * Fetches until the device has everything announced; one pull at a time per device.
 * @param {Device} device
 * @param {OnOp} onOp
 */
async function pull(device, onOp) {
	if (device.pulling) return;
	device.pulling = true;
	try {
		while (device.last < device.wanted) {
			reads++;
			/** @type {{ ops: { seq: number, body: string }[], last: number }} */
			const page = await call(device, `/api/spaces/${device.space.id}/ops?after=${device.last}`);
			const fetchedAt = now();
			for (const op of page.ops) {
				const [id = '', sentAt = ''] = op.body.split('.');
				device.received.set(id, (device.received.get(id) ?? 0) + 1);
				device.seqs.push(op.seq);
				device.last = Math.max(device.last, op.seq);
				onOp(device, id, Number(sentAt), fetchedAt);
			}
			device.wanted = Math.max(device.wanted, page.last);
		}
	} finally {
		device.pulling = false;
	}
}

/**
 * Streams get a connection each, none kept for later: node:http rather than fetch, so 5,000
 * of them cost a socket each and no pool has to allow for them.
 */
const streamAgent = new Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * Holds the device's event stream for its one space (Node 20 has no EventSource) and pulls
 * on each number. Resolves at the first number (the stream is live); rejects when the
 * stream is refused; a stream that fails or ends later calls `fail`.
 * @param {Device} device
 * @param {OnOp} onOp
 * @param {(error: unknown) => void} fail
 * @returns {Promise<void>}
 */
function listen(device, onOp, fail) {
	const body = JSON.stringify({ spaces: [{ spaceId: device.space.id, token: device.token }] });
	const { signal } = device.stop;
	return new Promise((live, refused) => {
		let isLive = false;
		const problem = (/** @type {unknown} */ error) => {
			if (signal.aborted) return;
			if (isLive) fail(error);
			else refused(error);
		};
		const request = httpRequest(`${device.base}/api/events`, {
			method: 'POST',
			agent: streamAgent,
			signal,
			headers: {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
				'x-forwarded-for': device.address
			}
		});
		request.on('error', problem);
		request.on('response', (response) => {
			response.setEncoding('utf8');
			response.on('error', problem);
			const type = String(response.headers['content-type']);
			if (response.statusCode !== 200 || !type.startsWith('text/event-stream')) {
				let text = '';
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => problem(new Error(`events: ${response.statusCode} ${text}`)));
				return;
			}
			let buffer = '';
			response.on('data', (/** @type {string} */ chunk) => {
				buffer += chunk;
				let end;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const event = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					for (const line of event.split('\n')) {
						// `: ping` comments keep the stream open and say nothing.
						if (!line.startsWith('data:')) continue;
						/** @type {{ space?: string, last?: number, refused?: string }} */
						let news = {};
						try {
							news = JSON.parse(line.slice(5));
						} catch {
							// Not JSON: said below.
						}
						if (news.space !== device.space.id || typeof news.last !== 'number') {
							problem(new Error(`device ${device.index}: stream said ${line}`));
							continue;
						}
						device.wanted = Math.max(device.wanted, news.last);
						pull(device, onOp).catch(fail);
						if (!isLive) {
							isLive = true;
							live();
						}
					}
				}
			});
			response.on('close', () => problem(new Error(`device ${device.index}: stream ended`)));
		});
		request.end(body);
	});
}

/**
 * The spaces and their devices, spread over the relay processes; each device has its own
 * address (10.x.y.z).
 * @param {number} deviceCount
 * @param {number} spaceCount
 * @param {string[]} bases
 */
function makeDevices(deviceCount, spaceCount, bases) {
	const perSpace = deviceCount / spaceCount;
	/** @type {Space[]} */
	const spaces = Array.from({ length: spaceCount }, () => ({
		id: newId(16),
		devices: [],
		sent: new Set(),
		total: perSpace - 1
	}));
	/** @type {Device[]} */
	const devices = Array.from({ length: deviceCount }, (_, index) => {
		const space = /** @type {Space} */ (spaces[Math.floor(index / perSpace)]);
		/** @type {Device} */
		const device = {
			index,
			space,
			base: /** @type {string} */ (bases[index % bases.length]),
			token: newId(32),
			address: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
			last: 0,
			wanted: 0,
			pulling: false,
			received: new Map(),
			seqs: [],
			stop: new AbortController()
		};
		space.devices.push(device);
		return device;
	});
	return { spaces, devices };
}

/** The first device makes the space, invites each other one, which joins with a hello. */
async function setUp(/** @type {Space} */ space) {
	const [maker, ...others] = space.devices;
	if (!maker) return;
	await call(maker, '/api/spaces', { spaceId: space.id, token: maker.token });
	for (const device of others) {
		const secret = newId(32);
		await call(maker, `/api/spaces/${space.id}/invites`, {
			inviteHash: sha256(secret),
			expiresAt: Date.now() + 60 * 60 * 1000
		});
		const id = `hello-${device.index}`;
		space.sent.add(id);
		await call(device, `/api/spaces/${space.id}/join`, {
			invite: secret,
			token: device.token,
			hello: opBody(id)
		});
	}
}

/** Each device must have every op of its space exactly once, numbered 1, 2, 3, … */
function tally(/** @type {Device[]} */ devices) {
	let lost = 0;
	let duplicated = 0;
	let outOfOrder = 0;
	for (const device of devices) {
		for (const id of device.space.sent) if (!device.received.has(id)) lost++;
		for (const times of device.received.values()) duplicated += Math.max(0, times - 1);
		const inOrder = device.seqs.every((seq, i) => seq === i + 1);
		if (!inOrder || device.seqs.length !== device.space.total) outOfOrder++;
	}
	return { lost, duplicated, outOfOrder };
}

/** Waits until every device has all of its space, the deadline passes or `failed()`. */
async function delivered(
	/** @type {Device[]} */ devices,
	/** @type {number} */ ms,
	/** @type {() => unknown} */ failed
) {
	const deadline = now() + ms;
	while (!failed() && now() < deadline && devices.some((d) => d.last < d.space.total)) {
		await sleep(20);
	}
}

/**
 * One run: spaces made and joined through the routes, streams open, then every device
 * sends its batches while the others pull them in.
 * @param {string[]} bases
 */
async function run(bases) {
	const perDevice = SCALE.ops / SCALE.devices;
	const { spaces, devices } = makeDevices(SCALE.devices, SCALE.spaces, bases);
	for (const space of spaces) space.total += space.devices.length * perDevice;
	await Promise.all(spaces.map(setUp));

	/** @type {number[]} */
	const latencies = [];
	/** @type {OnOp} */
	const onOp = (device, id, sentAt, fetchedAt) => {
		if (!id.startsWith(`${device.index}-`) && !id.startsWith('hello-')) {
			latencies.push(fetchedAt - sentAt);
		}
	};
	/** @type {unknown} */
	let failure;
	const fail = (/** @type {unknown} */ error) => (failure ??= error);
	try {
		await Promise.all(devices.map((device) => listen(device, onOp, fail)));

		const started = now();
		await Promise.all(
			devices.map(async (device) => {
				for (let sent = 0; sent < perDevice; sent += BATCH) {
					const ids = Array.from(
						{ length: Math.min(BATCH, perDevice - sent) },
						(_, i) => `${device.index}-${sent + i}`
					);
					for (const id of ids) device.space.sent.add(id);
					await call(device, `/api/spaces/${device.space.id}/ops`, { ops: ids.map(opBody) });
				}
			})
		);
		await delivered(devices, DELIVERY_TIMEOUT_MS, () => failure);
		const seconds = (now() - started) / 1000;

		// Then the latency a person notices: one change at a time in a quiet space.
		const mark = latencies.length;
		const quiet = /** @type {Space} */ (spaces[0]);
		const sender = /** @type {Device} */ (quiet.devices[0]);
		for (let i = 0; i < IDLE_OPS && !failure; i++) {
			const id = `${sender.index}-idle-${i}`;
			quiet.sent.add(id);
			quiet.total++;
			await call(sender, `/api/spaces/${quiet.id}/ops`, { ops: [opBody(id)] });
			const until = now() + 10_000;
			while (quiet.devices.some((d) => d.last < quiet.total) && now() < until) {
				await sleep(1);
			}
			await sleep(50);
		}
		const idle = latencies.slice(mark);
		latencies.length = mark;
		if (failure) throw failure;
		return {
			seconds,
			throughput: SCALE.ops / seconds,
			p50: quantile(latencies, 0.5),
			p95: quantile(latencies, 0.95),
			idle50: quantile(idle, 0.5),
			idle95: quantile(idle, 0.95),
			...tally(devices)
		};
	} finally {
		for (const device of devices) device.stop.abort();
	}
}

/**
 * @param {string} name
 * @param {Awaited<ReturnType<typeof run>>} result
 * @param {number} processes
 */
function report(name, result, processes) {
	console.log(
		`${name} (${processes} process${processes > 1 ? 'es' : ''}): ${SCALE.ops} ops, ` +
			`${SCALE.devices} devices, ${SCALE.spaces} spaces in ${result.seconds.toFixed(1)} s: ` +
			`${Math.round(result.throughput)} ops/s; live update under that load p50 ` +
			`${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms; one change at a time ` +
			`p50 ${result.idle50.toFixed(0)} ms, p95 ${result.idle95.toFixed(0)} ms; ` +
			`lost ${result.lost}, duplicated ${result.duplicated}` +
			(result.outOfOrder ? `; ${result.outOfOrder} devices saw gaps or numbers out of order` : '')
	);
	return result.lost === 0 && result.duplicated === 0 && result.outOfOrder === 0;
}

/** The address the region's relay processes show their figures to (METRICS_ALLOW). */
const METRICS_ADDRESS = '10.255.255.254';

/**
 * What the relay processes say of themselves on /api/metrics: streams open in each, and
 * the requests they refused, by reason, all together.
 * @param {Koers[]} servers
 */
async function relayFigures(servers) {
	/** @type {number[]} */
	const streams = [];
	/** @type {Map<string, number>} */
	const refused = new Map();
	for (const { base } of servers) {
		const response = await fetch(`${base}/api/metrics`, {
			headers: { 'x-forwarded-for': METRICS_ADDRESS }
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`metrics: ${response.status}`);
		streams.push(Number(/^koers_relay_open_streams (\d+)$/m.exec(text)?.[1] ?? NaN));
		for (const [, reason = '', n] of text.matchAll(
			/^koers_relay_refused_total\{reason="([^"]+)"\} (\d+)$/gm
		)) {
			refused.set(reason, (refused.get(reason) ?? 0) + Number(n));
		}
	}
	return { streams, refused };
}

/**
 * @typedef {object} Batch
 * @property {number} pending ops still to be fetched by the family's other devices
 * @property {number} answeredAt when the append was answered
 * @property {number} doneAt when the last other device had its last op
 */

/**
 * The region: families made and joined, every device's stream opened, then each family
 * writes now and then for a while. Says what it found as it goes; true when nothing was
 * lost or duplicated.
 * @param {Koers[]} servers
 * @param {number} postgresPort where the cluster listens
 */
async function region(servers, postgresPort) {
	const { devices: deviceCount, families, writeMs, gapMs, opsPerBatch } = REGION;
	const say = (/** @type {string} */ line) => console.log(`region: ${line}`);
	const { spaces, devices } = makeDevices(
		deviceCount,
		families,
		servers.map((s) => s.base)
	);
	let started = now();
	await inTurns(spaces, REGION.setupAtOnce, setUp);
	const joins = devices.length - spaces.length;
	say(
		`${deviceCount} devices in ${families} families of ${deviceCount / families}, over ` +
			`${servers.length} processes on PostgreSQL, each device from an address of its own: ` +
			`${families} spaces made and ${joins} joins in ${((now() - started) / 1000).toFixed(1)} s`
	);

	/** @type {Map<string, Batch>} op id → its batch */
	const batches = new Map();
	/** @type {OnOp} */
	const onOp = (device, id, _sentAt, fetchedAt) => {
		const batch = batches.get(id);
		if (!batch || id.startsWith(`${device.index}-`)) return;
		if (--batch.pending === 0) batch.doneAt = fetchedAt;
	};
	/** @type {unknown} */
	let failure;
	const fail = (/** @type {unknown} */ error) => (failure ??= error);
	try {
		await sleep(1_000);
		const rssBefore = rssKiB(servers);
		started = now();
		await inTurns(devices, REGION.openAtOnce, (device) => listen(device, onOp, fail));
		const openSeconds = (now() - started) / 1000;
		await delivered(devices, 30_000, () => failure);
		if (failure) throw failure;
		await sleep(2_000);
		const rssOpen = rssKiB(servers);
		const { streams } = await relayFigures(servers);
		say(
			`${devices.length} streams opened, ${REGION.openAtOnce} at a time, in ` +
				`${openSeconds.toFixed(1)} s (open in the relay processes: ${streams.join(' + ')}); ` +
				`relay memory (RSS of both processes) ` +
				`${mib(rssBefore)} MiB with no streams, ${mib(rssOpen)} MiB with all open: ` +
				`${((rssOpen - rssBefore) / devices.length).toFixed(1)} KiB per open stream`
		);

		/** @type {number[]} */
		const appendMs = [];
		let ops = 0;
		const readsBefore = reads;
		const cpu = cpuMeter(servers, postgresPort);
		started = now();
		const end = started + writeMs;
		const between = () => gapMs[0] + Math.random() * (gapMs[1] - gapMs[0]);
		await Promise.all(
			spaces.map(async (space) => {
				// The first batch somewhere in the first gap, so the families do not write in step.
				let at = started + Math.random() * ((gapMs[0] + gapMs[1]) / 2);
				for (let n = 0; at < end; n++) {
					await sleep(at - now());
					if (failure) return;
					const writer = /** @type {Device} */ (
						space.devices[Math.floor(Math.random() * space.devices.length)]
					);
					const size =
						opsPerBatch[0] + Math.floor(Math.random() * (opsPerBatch[1] - opsPerBatch[0] + 1));
					const ids = Array.from({ length: size }, (_, i) => `${writer.index}-${n}-${i}`);
					/** @type {Batch} */
					const batch = {
						pending: (space.devices.length - 1) * size,
						answeredAt: NaN,
						doneAt: NaN
					};
					for (const id of ids) {
						space.sent.add(id);
						batches.set(id, batch);
					}
					space.total += size;
					ops += size;
					const sent = now();
					try {
						await call(writer, `/api/spaces/${space.id}/ops`, { ops: ids.map(opBody) });
					} catch (error) {
						fail(error);
						return;
					}
					batch.answeredAt = now();
					appendMs.push(batch.answeredAt - sent);
					at += between();
				}
			})
		);
		const writeSeconds = (now() - started) / 1000;
		const used = cpu();
		const requests = appendMs.length + reads - readsBefore;
		const rssLoad = rssKiB(servers);
		await delivered(devices, REGION.drainMs, () => failure);
		if (failure) throw failure;

		const all = new Set(batches.values());
		// From the append's answer until the last other device had it; 0 when they all had it
		// before the answer came back to the writer.
		const reached = [...all].filter((b) => b.pending === 0);
		const everywhere = reached.map((b) => Math.max(0, b.doneAt - b.answeredAt));
		const notEverywhere = all.size - reached.length;
		const beforeAnswer = reached.filter((b) => b.doneAt <= b.answeredAt).length;
		say(
			`${writeSeconds.toFixed(0)} s of writes, each family a batch of ${opsPerBatch[0]}–` +
				`${opsPerBatch[1]} ops every ${gapMs[0] / 1000}–${gapMs[1] / 1000} s ` +
				`(uniform, ${(gapMs[0] + gapMs[1]) / 2000} s on average) from one of its devices: ` +
				`${all.size} batches, ${ops} ops (${(all.size / writeSeconds).toFixed(0)} batches/s, ` +
				`${(ops / writeSeconds).toFixed(0)} ops/s)`
		);
		say(
			`append p50 ${quantile(appendMs, 0.5).toFixed(1)} ms, p95 ` +
				`${quantile(appendMs, 0.95).toFixed(1)} ms; every other device of the family has it ` +
				`(from the append's answer) p50 ${quantile(everywhere, 0.5).toFixed(1)} ms, p95 ` +
				`${quantile(everywhere, 0.95).toFixed(1)} ms, max ${Math.max(...everywhere).toFixed(0)} ms ` +
				`(${beforeAnswer} batches were everywhere before the writer had its answer: 0 ms)` +
				(notEverywhere ? `; ${notEverywhere} batches never reached every device` : '')
		);
		say(
			`CPU used during the writes, of ${availableParallelism()} cores × ` +
				`${writeSeconds.toFixed(0)} s: this script ${used.bench.toFixed(0)} s, the relay ` +
				`processes ${used.relay.toFixed(0)} s (${((used.relay * 1000) / requests).toFixed(1)} ms ` +
				`per request: ${appendMs.length} appends, ${requests - appendMs.length} reads), ` +
				`PostgreSQL ${used.database.toFixed(0)} s, the rest of the machine ` +
				`${used.others.toFixed(0)} s`
		);
		const { lost, duplicated, outOfOrder } = tally(devices);
		const { refused } = await relayFigures(servers);
		say(
			`relay memory at the end of the writes ${mib(rssLoad)} MiB; requests refused: ` +
				([...refused].map(([reason, n]) => `${reason}×${n}`).join(', ') || 'none') +
				`; lost ${lost}, duplicated ${duplicated}` +
				(outOfOrder ? `; ${outOfOrder} devices saw gaps or numbers out of order` : '')
		);
		return (
			lost === 0 && duplicated === 0 && outOfOrder === 0 && notEverywhere === 0 && !refused.size
		);
	} finally {
		for (const device of devices) device.stop.abort();
	}
}

/** The abuse figures on the embedded store, each line as it comes; true when all ran. */
async function abuse() {
	const { ok } = await abuseFigures(startKoers, {
		log: (line) => console.log(`abuse: ${line}`)
	});
	return ok;
}

const build = resolve(root, process.env.KOERS_BUILD ?? 'build');
if (!existsSync(join(build, 'handler.js'))) {
	console.error(`No build in ${build}: run \`npm run build\` first.`);
	process.exit(1);
}

const benchStarted = now();
/** Which parts run: BENCH_PARTS (e.g. `region,abuse`), else all that the scale has. */
const parts = new Set(
	process.env.BENCH_PARTS?.split(',').map((name) => name.trim()) ??
		(small ? ['embedded', 'postgres'] : ['embedded', 'postgres', 'region', 'abuse'])
);
/** Runs one part if asked for; one that fails says so and the parts after it still run. */
async function part(/** @type {string} */ name, /** @type {() => Promise<boolean>} */ work) {
	if (!parts.has(name)) return true;
	const started = now();
	let ok = false;
	try {
		ok = await work();
	} catch (error) {
		console.error(`${name} failed:`, error);
	}
	if (!small) console.log(`(${name} took ${((now() - started) / 1000).toFixed(0)} s)`);
	return ok;
}

let ok = await part('embedded', async () => {
	const embedded = await startKoers({ DATA_DIR: tempDir('koers-bench-relay-') });
	try {
		return report('embedded', await run([embedded.base]), 1);
	} finally {
		await embedded.stop();
	}
});

const bin = findPostgresBin();
if (!parts.has('postgres') && !parts.has('region')) {
	// Neither needs PostgreSQL.
} else if (!bin && process.env.CI) {
	console.error('PostgreSQL is needed in CI: .ci/run installs it (apt-get install postgresql).');
	ok = false;
} else if (!bin) {
	console.log('PostgreSQL skipped: install it (`sudo apt-get install postgresql`) to run it.');
} else {
	/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
	let postgres;
	let forgetPostgres = () => false;
	try {
		const cluster = await startPostgres(bin);
		postgres = cluster;
		forgetPostgres = atExit(cluster.stop);
		/** Two Koers processes on the cluster, each with a data folder of its own. */
		const twoServers = async (/** @type {Record<string, string>} */ env = {}) => {
			const servers = [];
			for (let i = 0; i < 2; i++) {
				const dataDir = tempDir('koers-bench-relay-');
				servers.push(await startKoers({ ...env, DATA_DIR: dataDir, DATABASE_URL: cluster.url }));
			}
			return servers;
		};
		ok =
			(await part('postgres', async () => {
				const servers = await twoServers();
				try {
					return report('PostgreSQL', await run(servers.map((s) => s.base)), 2);
				} finally {
					await Promise.all(servers.map((s) => s.stop()));
				}
			})) && ok;
		ok =
			(await part('region', async () => {
				const servers = await twoServers({ METRICS_ALLOW: METRICS_ADDRESS });
				try {
					return await region(servers, Number(new URL(cluster.url).port));
				} finally {
					await Promise.all(servers.map((s) => s.stop()));
				}
			})) && ok;
	} catch (error) {
		console.error(error);
		ok = false;
	} finally {
		if (postgres) {
			forgetPostgres();
			postgres.stop();
		}
	}
}

ok = (await part('abuse', abuse)) && ok;

if (serverErrors.length > 0) {
	const kinds = [...new Set(serverErrors.map((line) => line.slice(0, 160)))];
	console.log(`the servers wrote ${serverErrors.length} lines to stderr:`);
	for (const line of kinds.slice(0, 10)) console.log(`  ${line}`);
	if (kinds.length > 10) console.log(`  … and ${kinds.length - 10} other lines`);
}
if (!small) console.log(`bench:relay took ${((now() - benchStarted) / 1000).toFixed(0)} s`);
process.exit(ok ? 0 : 1);
