/**
 * What the relay benchmarks (bench-relay.js, bench-relay-abuse.js) share: small helpers,
 * starting Koers on loopback, and cleaning up however the script ends.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres-cluster.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export const now = () => performance.now();
export const sleep = (/** @type {number} */ ms) => new Promise((done) => setTimeout(done, ms));
export const newId = (/** @type {number} */ bytes) => randomBytes(bytes).toString('base64url');
export const sha256 = (/** @type {string} */ text) =>
	createHash('sha256').update(text).digest('hex');

/** @param {number[]} values @param {number} q */
export function quantile(values, q) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** What must go when this script ends, however it ends (also on a crash or Ctrl-C). */
/** @type {Set<() => void>} */
const cleanups = new Set();
let armed = false;

/** Runs `cleanup` when the script ends; returns how to take it back. */
export function atExit(/** @type {() => void} */ cleanup) {
	if (!armed) {
		armed = true;
		process.on('exit', () => {
			for (const each of cleanups) {
				try {
					each();
				} catch {
					// Best effort: the others still go.
				}
			}
		});
		for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
			process.once(signal, () => process.exit(130));
		}
	}
	cleanups.add(cleanup);
	return () => cleanups.delete(cleanup);
}

/** A port the OS calls free, never 4173 (another test run may use it). */
export async function sparePort() {
	for (;;) {
		const port = await freePort();
		if (port !== 4173) return port;
	}
}

/**
 * @typedef {object} Koers
 * @property {string} base e.g. `http://127.0.0.1:43210`
 * @property {number} pid
 * @property {() => Promise<unknown>} stop
 */

/**
 * Starts `node scripts/start.js` on loopback with these variables added and waits until it
 * listens. Each simulated device may claim its own client address (`x-forwarded-for`), as
 * real phones have. What the process writes to stderr goes to `onStderr`, line by line.
 * @param {Record<string, string>} env
 * @param {(line: string) => void} [onStderr]
 * @returns {Promise<Koers>}
 */
export async function startKoers(env, onStderr = () => {}) {
	const port = await sparePort();
	const child = spawn(process.execPath, [join(root, 'scripts/start.js')], {
		cwd: root,
		env: {
			...process.env,
			ADDRESS_HEADER: 'x-forwarded-for',
			...env,
			PORT: String(port),
			HOST: '127.0.0.1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const forget = atExit(
		() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')
	);
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (/** @type {string} */ text) => {
		for (const line of text.split('\n').filter(Boolean)) onStderr(line);
	});
	await new Promise((ready, fail) => {
		child.stdout.on('data', (data) => String(data).includes('running') && ready(undefined));
		child.once('exit', (code) => fail(new Error(`Koers stopped at start (exit ${code})`)));
	});
	child.stdout.resume();
	return {
		base: `http://127.0.0.1:${port}`,
		pid: /** @type {number} */ (child.pid),
		stop: () =>
			new Promise((done) => {
				forget();
				if (child.exitCode !== null || child.signalCode !== null) return done(undefined);
				const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
				child.once('exit', () => {
					clearTimeout(hard);
					done(undefined);
				});
				child.kill('SIGTERM');
			})
	};
}
