#!/usr/bin/env node
/**
 * Load on the relay through its real routes, on both backends: the embedded store in one
 * Koers process, and PostgreSQL behind two Koers processes with the devices spread over
 * both. Every device holds an event stream and pulls what is announced; at the end each
 * must have every op of its space exactly once. Needs a build (`npm run build`).
 *
 * Every device sends its batches of 10 one after the other, as fast as the relay takes
 * them, so this is the relay at full load: throughput counts from the first batch sent
 * until every device has every op, and the live-update latency (a batch sent → its ops
 * fetched by another device of the space) includes the queue that load builds up.
 *
 * BENCH_SCALE=small runs 20 devices in 5 spaces with 1,000 ops instead of 200, 50, 20,000.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBin, freePort, startPostgres } from './postgres-cluster.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const small = process.env.BENCH_SCALE === 'small';
const SCALE = small
	? { devices: 20, spaces: 5, ops: 1_000 }
	: { devices: 200, spaces: 50, ops: 20_000 };
const BATCH = 10;
const DELIVERY_TIMEOUT_MS = 120_000;
/** Single changes sent one by one after the load, for the latency a person notices. */
const IDLE_OPS = 30;

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

const now = () => performance.now();
const newId = (/** @type {number} */ bytes) => randomBytes(bytes).toString('base64url');
const sha256 = (/** @type {string} */ text) => createHash('sha256').update(text).digest('hex');

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

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/**
 * Starts `node scripts/start.js` and waits until it listens.
 * @param {Record<string, string>} env
 */
async function startKoers(env) {
	const port = await freePort();
	const child = spawn(process.execPath, [join(root, 'scripts/start.js')], {
		cwd: root,
		env: {
			...process.env,
			...env,
			PORT: String(port),
			// Each simulated device comes from an address of its own, as real phones do.
			ADDRESS_HEADER: 'x-forwarded-for'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise((ready, fail) => {
		child.stdout.on('data', (data) => String(data).includes('running') && ready(undefined));
		child.once('exit', (code) => fail(new Error(`Koers stopped at start (exit ${code})`)));
	});
	child.stdout.resume();
	return {
		base: `http://127.0.0.1:${port}`,
		stop: () =>
			new Promise((done) => {
				if (child.exitCode !== null) return done(undefined);
				child.once('exit', done);
				child.kill('SIGTERM');
			})
	};
}

/**
 * Fetches until the device has everything announced; one pull at a time per device.
 * @param {Device} device
 * @param {number[]} latencies
 */
async function pull(device, latencies) {
	if (device.pulling) return;
	device.pulling = true;
	try {
		while (device.last < device.wanted) {
			/** @type {{ ops: { seq: number, body: string }[], last: number }} */
			const page = await call(device, `/api/spaces/${device.space.id}/ops?after=${device.last}`);
			const fetchedAt = now();
			for (const op of page.ops) {
				const [id = '', sentAt = ''] = op.body.split('.');
				device.received.set(id, (device.received.get(id) ?? 0) + 1);
				device.seqs.push(op.seq);
				device.last = Math.max(device.last, op.seq);
				if (!id.startsWith(`${device.index}-`) && !id.startsWith('hello-')) {
					latencies.push(fetchedAt - Number(sentAt));
				}
			}
			device.wanted = Math.max(device.wanted, page.last);
		}
	} finally {
		device.pulling = false;
	}
}

/**
 * Holds the device's event stream (Node 20 has no EventSource) and pulls on each number.
 * @param {Device} device
 * @param {number[]} latencies
 * @param {(error: unknown) => void} fail
 */
async function listen(device, latencies, fail) {
	const response = await fetch(`${device.base}/api/spaces/${device.space.id}/events`, {
		headers: { authorization: `Bearer ${device.token}`, 'x-forwarded-for': device.address },
		signal: device.stop.signal
	});
	if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	// Resolves at the first number (the stream is live), or when the stream fails.
	return new Promise((live) => {
		void (async () => {
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
						if (!event.startsWith('data: ')) continue;
						device.wanted = Math.max(device.wanted, Number(event.slice(6)));
						pull(device, latencies).catch(fail);
						live(undefined);
					}
				}
				if (!device.stop.signal.aborted) fail(new Error(`device ${device.index}: stream ended`));
			} catch (error) {
				if (!device.stop.signal.aborted) fail(error);
			}
			live(undefined);
		})();
	});
}

/**
 * One run: spaces made and joined through the routes, streams open, then every device
 * sends its batches while the others pull them in.
 * @param {string[]} bases
 */
async function run(bases) {
	const perSpace = SCALE.devices / SCALE.spaces;
	const perDevice = SCALE.ops / SCALE.devices;
	/** @type {Space[]} */
	const spaces = Array.from({ length: SCALE.spaces }, () => ({
		id: newId(16),
		devices: [],
		sent: new Set(),
		total: perSpace - 1 + perSpace * perDevice
	}));
	/** @type {Device[]} */
	const devices = Array.from({ length: SCALE.devices }, (_, index) => {
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

	await Promise.all(
		spaces.map(async (space) => {
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
		})
	);

	/** @type {number[]} */
	const latencies = [];
	/** @type {unknown} */
	let failure;
	const fail = (/** @type {unknown} */ error) => (failure ??= error);
	await Promise.all(devices.map((device) => listen(device, latencies, fail)));

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
	const deadline = now() + DELIVERY_TIMEOUT_MS;
	while (!failure && now() < deadline && devices.some((d) => d.last < d.space.total)) {
		await new Promise((r) => setTimeout(r, 20));
	}
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
			await new Promise((r) => setTimeout(r, 1));
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	const idle = latencies.slice(mark);
	latencies.length = mark;
	for (const device of devices) device.stop.abort();
	if (failure) throw failure;

	let lost = 0;
	let duplicated = 0;
	let outOfOrder = 0;
	for (const device of devices) {
		for (const id of device.space.sent) if (!device.received.has(id)) lost++;
		for (const times of device.received.values()) duplicated += Math.max(0, times - 1);
		// The numbers a device saw must be exactly 1, 2, 3, … up to the space's last.
		const inOrder = device.seqs.every((seq, i) => seq === i + 1);
		if (!inOrder || device.seqs.length !== device.space.total) outOfOrder++;
	}
	return {
		seconds,
		throughput: SCALE.ops / seconds,
		p50: quantile(latencies, 0.5),
		p95: quantile(latencies, 0.95),
		idle50: quantile(idle, 0.5),
		idle95: quantile(idle, 0.95),
		lost,
		duplicated,
		outOfOrder
	};
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

const build = resolve(root, process.env.KOERS_BUILD ?? 'build');
if (!existsSync(join(build, 'handler.js'))) {
	console.error(`No build in ${build}: run \`npm run build\` first.`);
	process.exit(1);
}

let ok = true;
const dataDirs = [];
try {
	const embeddedData = mkdtempSync(join(tmpdir(), 'koers-bench-relay-'));
	dataDirs.push(embeddedData);
	const embedded = await startKoers({ DATA_DIR: embeddedData });
	try {
		ok = report('embedded', await run([embedded.base]), 1) && ok;
	} finally {
		await embedded.stop();
	}

	const bin = findPostgresBin();
	if (!bin && process.env.CI) {
		throw new Error(
			'PostgreSQL is needed in CI: .ci/run installs it (apt-get install postgresql).'
		);
	} else if (!bin) {
		console.log('PostgreSQL skipped: install it (`sudo apt-get install postgresql`) to run it.');
	} else {
		const postgres = await startPostgres(bin);
		try {
			const servers = [];
			for (let i = 0; i < 2; i++) {
				const dataDir = mkdtempSync(join(tmpdir(), 'koers-bench-relay-'));
				dataDirs.push(dataDir);
				servers.push(await startKoers({ DATA_DIR: dataDir, DATABASE_URL: postgres.url }));
			}
			try {
				ok = report('PostgreSQL', await run(servers.map((s) => s.base)), 2) && ok;
			} finally {
				await Promise.all(servers.map((s) => s.stop()));
			}
		} finally {
			postgres.stop();
		}
	}
} catch (error) {
	console.error(error);
	ok = false;
} finally {
	for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
