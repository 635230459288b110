#!/usr/bin/env node
/**
 * Benchmark: how fast Koers starts, next to the floor of its stack: a bare SvelteKit page
 * (bench/floor) built and served the same way (adapter-node, precompressed, a service
 * worker that precaches the build and serves the shell). Builds both, starts both on spare
 * loopback ports, and measures in headless Chromium, alternating the apps in pairs:
 *
 * a. offline cold start of a newcomer at `/`: a new browser on a profile whose service
 *    worker is installed, no network; time from navigation start until the screen's own
 *    main heading is painted ("Welkom bij Koers"; the floor's "Floor").
 * b. the same for a returning parent with 200 statements ("Hallo Bench").
 * c. online first load at `/` in a fresh profile (no service worker yet).
 *
 * Prints per scenario the medians and the median of the per-pair ratios Koers / floor
 * (goal: at most 1.2). Then Lighthouse (mobile preset), three runs each on the floor, Koers
 * for a newcomer and Koers's /mijn-koers with data; goal: performance at least 0.98 with
 * TBT at most 50 ms, accessibility and best practices 1.0. Not a test: timings vary per
 * machine. Builds both apps itself (Koers into build/, the floor into bench/floor/build/).
 *
 * Usage: npm run bench:start
 *   BENCH_PAIRS=5 fewer pairs for a quick try (default 21)
 *   BENCH_PARTS=start or BENCH_PARTS=lighthouse for one part (default: start,lighthouse)
 */
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeStatements, seed } from './bench-lib.js';
import { chromiumArgs, chromiumPath } from './browser.js';
import { atExit, quantile, sparePort, startKoers } from './relay-bench-lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const floorDir = join(root, 'bench', 'floor');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 21);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'start,lighthouse').split(','));
const RATIO_GOAL = 1.2;
const LIGHTHOUSE_RUNS = 3;
const STATEMENTS = 200;
const PARENT = 'Bench';
const HEADINGS = {
	floor: 'Floor',
	newcomer: 'Welkom bij Koers',
	parent: `Hallo ${PARENT}`
};
const SAMPLE_TIMEOUT_MS = 30_000;
const launchOptions = { executablePath: chromiumPath, args: chromiumArgs };

/** One folder for every profile and data directory, removed however the script ends. */
const work = mkdtempSync(join(tmpdir(), 'koers-bench-start-'));
atExit(removeWork);

/**
 * On a crash or Ctrl-C a browser may still be writing into its profile while this runs (the
 * browsers are killed by exit handlers that come after it); then a detached process removes
 * the folder a moment later, once they are gone.
 */
function removeWork() {
	try {
		rmSync(work, { recursive: true, force: true });
	} catch {
		const later = `setTimeout(() => require('node:fs').rmSync(${JSON.stringify(work)}, { recursive: true, force: true, maxRetries: 5 }), 3000)`;
		spawn(process.execPath, ['-e', later], { detached: true, stdio: 'ignore' }).unref();
	}
}

const tempDir = (/** @type {string} */ name) => mkdtempSync(join(work, `${name}-`));

/** Runs `vite build` in `cwd`; shows its output only when it fails. */
function build(/** @type {string} */ cwd, /** @type {string} */ name) {
	const started = performance.now();
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build'], { cwd, encoding: 'utf8' });
	if (result.status !== 0) {
		console.error(result.stdout, result.stderr);
		throw new Error(`building ${name} failed (exit ${result.status})`);
	}
	console.log(`built ${name} in ${seconds(started)}`);
}

/** The floor's own adapter-node server, as `node bench/floor/build/index.js`. */
async function startFloor() {
	const port = await sparePort();
	const child = spawn(process.execPath, [join(floorDir, 'build', 'index.js')], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	atExit(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
	await new Promise((ready, fail) => {
		child.stdout.on('data', (data) => String(data).includes('Listening') && ready(undefined));
		child.once('exit', (code) => fail(new Error(`the floor stopped at start (exit ${code})`)));
	});
	child.stdout.resume();
	return `http://127.0.0.1:${port}`;
}

/**
 * @typedef {object} HeadingTimes
 * @property {number} [paint] Element Timing: when the heading's text was painted
 * @property {number} [frame] two animation frames after the heading appeared
 */

/**
 * Runs in the page before its own scripts. Marks every h1 for Element Timing as it is added
 * (the attribute counts only if it is there before the first paint) and notes when the one
 * with the expected text is painted, in ms since navigation start. A heading with other
 * text (a loading placeholder) does not count. Headless Chromium reports text paints to
 * Element Timing, at the same moment as first-contentful-paint and mostly within 20 ms of two
 * animation frames after the heading appears; that two-frame time is kept as a fallback.
 * @param {string} expected
 */
function watchHeading(expected) {
	/** @type {HeadingTimes} */
	const times = {};
	/** @type {{ __heading?: HeadingTimes }} */ (/** @type {unknown} */ (window)).__heading = times;
	const matches = (/** @type {Element | null | undefined} */ element) =>
		element?.textContent?.trim() === expected;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const timing =
				/** @type {PerformanceEntry & { element?: Element | null, renderTime: number }} */ (entry);
			if (times.paint === undefined && matches(timing.element)) {
				times.paint = timing.renderTime || timing.startTime;
			}
		}
	}).observe({ type: 'element', buffered: true });
	let seen = false;
	new MutationObserver(() => {
		for (const heading of document.querySelectorAll('h1')) {
			if (!heading.hasAttribute('elementtiming')) heading.setAttribute('elementtiming', 'heading');
			if (!seen && matches(heading)) {
				seen = true;
				requestAnimationFrame(() => requestAnimationFrame(() => (times.frame = performance.now())));
			}
		}
	}).observe(document, { childList: true, subtree: true, characterData: true });
}

/** Fallbacks to the two-frame time, counted per run so the report can say so. */
let frameFallbacks = 0;

/** Opens `url` on the context's page and returns when its heading `expected` was painted. */
async function timeHeading(
	/** @type {import('@playwright/test').BrowserContext} */ context,
	/** @type {string} */ url,
	/** @type {string} */ expected,
	/** @type {{ fromWorker: boolean }} */ { fromWorker }
) {
	await context.addInitScript(watchHeading, expected);
	const page = context.pages()[0] ?? (await context.newPage());
	const response = await page.goto(url, { waitUntil: 'commit', timeout: SAMPLE_TIMEOUT_MS });
	if (fromWorker && !response?.fromServiceWorker()) {
		throw new Error(`${url} was not served by the service worker`);
	}
	const read = () =>
		page.evaluate(
			() => /** @type {{ __heading: HeadingTimes }} */ (/** @type {unknown} */ (window)).__heading
		);
	await page.waitForFunction(
		() => {
			const times = /** @type {{ __heading?: HeadingTimes }} */ (/** @type {unknown} */ (window))
				.__heading;
			return times?.paint !== undefined || times?.frame !== undefined;
		},
		null,
		{ timeout: SAMPLE_TIMEOUT_MS }
	);
	// The paint entry is delivered after the frame; give it a moment before falling back.
	let times = await read();
	for (let tries = 0; times.paint === undefined && tries < 20; tries++) {
		await page.waitForTimeout(50);
		times = await read();
	}
	if (times.paint !== undefined) return times.paint;
	frameFallbacks++;
	return /** @type {number} */ (times.frame);
}

/** Waits until the service worker is active and controls the page (reloading once). */
async function waitForWorker(/** @type {import('@playwright/test').Page} */ page) {
	await page.waitForFunction(
		async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
		null,
		{ timeout: SAMPLE_TIMEOUT_MS }
	);
	const controlled = (/** @type {number} */ timeout) =>
		page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout });
	try {
		await controlled(5_000);
	} catch {
		// A page loaded before the worker took over stays uncontrolled until it loads again.
		await page.reload();
		await controlled(SAMPLE_TIMEOUT_MS);
	}
}

/**
 * A profile folder that has visited the app online, set up by `visit`, with the service
 * worker installed and in control.
 * @param {(page: import('@playwright/test').Page) => Promise<void>} visit
 */
async function prepareProfile(/** @type {string} */ name, visit) {
	const dir = tempDir(name);
	const context = await chromium.launchPersistentContext(dir, launchOptions);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await visit(page);
		await waitForWorker(page);
	} finally {
		await context.close();
	}
	return dir;
}

const visitFloor = (/** @type {string} */ base) =>
	async function (/** @type {import('@playwright/test').Page} */ page) {
		await page.goto(`${base}/`);
		await page.getByRole('heading', { name: HEADINGS.floor }).waitFor();
	};

const visitAsNewcomer = (/** @type {string} */ base) =>
	async function (/** @type {import('@playwright/test').Page} */ page) {
		await page.goto(`${base}/`);
		await page.getByRole('heading', { name: HEADINGS.newcomer }).waitFor();
	};

/** Makes a parent profile through the welcome screen and adds the statements. */
const visitAsParent = (/** @type {string} */ base) =>
	async function (/** @type {import('@playwright/test').Page} */ page) {
		await page.goto(`${base}/`);
		await page.getByLabel('Hoe wil je genoemd worden?').fill(PARENT);
		await page.getByLabel('Ik ben ouder').check();
		await page.getByRole('button', { name: 'Beginnen' }).click();
		await page.getByRole('heading', { name: HEADINGS.parent }).waitFor();
		await seed(page, { statements: makeStatements(STATEMENTS) });
		const stored = await page.evaluate(
			() =>
				new Promise((done, fail) => {
					const open = indexedDB.open('koers');
					open.onerror = () => fail(open.error);
					open.onsuccess = () => {
						const count = open.result.transaction('statements').objectStore('statements').count();
						count.onsuccess = () => {
							open.result.close();
							done(count.result);
						};
					};
				})
		);
		if (stored !== STATEMENTS) throw new Error(`seeded ${stored} statements, not ${STATEMENTS}`);
		await page.reload();
		await page.getByRole('heading', { name: HEADINGS.parent }).waitFor();
	};

/** A new browser on a copy of `profile`, offline: the page comes from the service worker. */
async function offlineColdStart(
	/** @type {string} */ profile,
	/** @type {string} */ url,
	/** @type {string} */ expected
) {
	const copy = tempDir('sample');
	cpSync(profile, copy, { recursive: true });
	const context = await chromium.launchPersistentContext(copy, {
		...launchOptions,
		offline: true,
		serviceWorkers: 'allow'
	});
	try {
		return await timeHeading(context, url, expected, { fromWorker: true });
	} finally {
		await context.close();
		rmSync(copy, { recursive: true, force: true });
	}
}

/** A new browser on an empty profile, online: nothing cached, no service worker yet. */
async function onlineFirstLoad(/** @type {string} */ url, /** @type {string} */ expected) {
	const dir = tempDir('fresh');
	const context = await chromium.launchPersistentContext(dir, launchOptions);
	try {
		return await timeHeading(context, url, expected, { fromWorker: false });
	} finally {
		await context.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {() => Promise<number>} floor one sample of the floor, in ms
 * @property {() => Promise<number>} koers one sample of Koers, in ms
 */

/** Samples both apps in pairs, the first of each pair taking turns. */
async function runPairs(/** @type {Scenario} */ scenario) {
	/** @type {number[]} */
	const floor = [];
	/** @type {number[]} */
	const koers = [];
	for (let pair = 0; pair < PAIRS; pair++) {
		if (pair % 2 === 0) {
			floor.push(await scenario.floor());
			koers.push(await scenario.koers());
		} else {
			koers.push(await scenario.koers());
			floor.push(await scenario.floor());
		}
	}
	return { floor, koers };
}

/** One line per scenario: medians, the median pair ratio and the verdict. */
function report(
	/** @type {string} */ name,
	/** @type {{ floor: number[], koers: number[] }} */ got
) {
	const ratios = got.koers.map((ms, pair) => ms / /** @type {number} */ (got.floor[pair]));
	const ratio = quantile(ratios, 0.5);
	const ms = (/** @type {number[]} */ values) =>
		`${quantile(values, 0.5).toFixed(0).padStart(5)} ms`;
	const verdict = ratio <= RATIO_GOAL ? 'within' : 'OVER';
	console.log(
		`${name.padEnd(46)} ${String(got.floor.length).padStart(5)} ${ms(got.floor)} ${ms(got.koers)} ${ratio.toFixed(2).padStart(6)}   ${verdict} (goal <= ${RATIO_GOAL})`
	);
}

/** The three start-up scenarios, floor and Koers alternating. */
async function startFigures(/** @type {string} */ floorBase, /** @type {string} */ koersBase) {
	const started = performance.now();
	const floorProfile = await prepareProfile('floor', visitFloor(floorBase));
	const newcomerProfile = await prepareProfile('newcomer', visitAsNewcomer(koersBase));
	const parentProfile = await prepareProfile('parent', visitAsParent(koersBase));
	const floorOffline = () => offlineColdStart(floorProfile, `${floorBase}/`, HEADINGS.floor);
	/** @type {Scenario[]} */
	const scenarios = [
		{
			name: 'a. offline cold start, newcomer at /',
			floor: floorOffline,
			koers: () => offlineColdStart(newcomerProfile, `${koersBase}/`, HEADINGS.newcomer)
		},
		{
			name: `b. offline cold start, parent, ${STATEMENTS} statements`,
			floor: floorOffline,
			koers: () => offlineColdStart(parentProfile, `${koersBase}/`, HEADINGS.parent)
		},
		{
			name: 'c. online first load at /',
			floor: () => onlineFirstLoad(`${floorBase}/`, HEADINGS.floor),
			koers: () => onlineFirstLoad(`${koersBase}/`, HEADINGS.newcomer)
		}
	];
	console.log('\nStart-up: time from navigation start until the main heading is painted (median)');
	console.log(
		`${'scenario'.padEnd(46)} pairs    floor    Koers  ratio   Koers / floor, median of pairs`
	);
	for (const scenario of scenarios) report(scenario.name, await runPairs(scenario));
	if (frameFallbacks > 0) {
		console.log(`(${frameFallbacks} samples had no Element Timing entry: timed by two frames)`);
	}
	console.log(`start-up figures took ${seconds(started)}`);
	return { parentProfile };
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

/**
 * One Lighthouse run (mobile preset) in a Chromium of its own. Without `profile` it gets a
 * fresh empty profile and Lighthouse clears the site's storage first; with one, it runs on a
 * copy of that profile and keeps its storage (the data is the point).
 * @param {string} url
 * @param {string} [profile]
 */
async function lighthouseRun(url, profile) {
	const userDataDir = tempDir('lighthouse');
	if (profile) cpSync(profile, userDataDir, { recursive: true });
	const chrome = await chromeLauncher.launch({
		chromePath: chromiumPath,
		chromeFlags: [...chromiumArgs, '--headless=new'],
		userDataDir,
		logLevel: 'silent',
		// atExit ends it, however the script ends.
		handleSIGINT: false
	});
	// chrome-launcher starts Chromium as a process group of its own.
	const forget = atExit(() => process.kill(-chrome.pid, 'SIGKILL'));
	try {
		const result = await lighthouse(url, {
			port: chrome.port,
			logLevel: 'error',
			output: 'json',
			onlyCategories: CATEGORIES,
			disableStorageReset: profile !== undefined
		});
		if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
		return result.lhr;
	} finally {
		forget();
		await endChrome(chrome);
		rmSync(userDataDir, { recursive: true, force: true });
	}
}

/** Kills Chromium and waits until it is gone, so that nothing writes to its profile after. */
async function endChrome(/** @type {import('chrome-launcher').LaunchedChrome} */ chrome) {
	const child = chrome.process;
	if (child.exitCode !== null || child.signalCode !== null) return;
	const gone = new Promise((done) => child.once('close', done));
	chrome.kill();
	await gone;
}

/**
 * Lighthouse now and then loses the trace of a load (NO_NAVSTART here); such a run is
 * repeated, at most twice, and said so.
 * @param {string} url
 * @param {string} [profile]
 */
async function lighthouseRetried(url, profile) {
	for (let attempt = 1; ; attempt++) {
		const lhr = await lighthouseRun(url, profile);
		if (!lhr.runtimeError) return lhr;
		const problem = `${lhr.runtimeError.code} on ${url}`;
		if (attempt > 2) throw new Error(`Lighthouse failed three times: ${problem}`);
		console.log(`(repeating a Lighthouse run: ${problem})`);
	}
}

/** Audits that cost a category points in a run: weighted, scored, below 1. */
function failing(/** @type {import('lighthouse').Result} */ lhr, /** @type {string} */ category) {
	return (lhr.categories[category]?.auditRefs ?? [])
		.filter((ref) => ref.weight > 0)
		.filter((ref) => {
			const score = lhr.audits[ref.id]?.score;
			return score !== null && score !== undefined && score < 1;
		})
		.map((ref) => ref.id);
}

/** Median figures of one target's runs, with the audits that failed and how often. */
function lighthouseReport(
	/** @type {string} */ name,
	/** @type {import('lighthouse').Result[]} */ runs
) {
	const median = (/** @type {(lhr: import('lighthouse').Result) => number} */ pick) =>
		quantile(runs.map(pick), 0.5);
	const score = (/** @type {string} */ id) => median((lhr) => lhr.categories[id]?.score ?? NaN);
	const performanceScore = score('performance');
	const lcp = median((lhr) => lhr.audits['largest-contentful-paint']?.numericValue ?? NaN);
	const tbt = median((lhr) => lhr.audits['total-blocking-time']?.numericValue ?? NaN);
	const accessibility = score('accessibility');
	const bestPractices = score('best-practices');
	const fast = performanceScore >= 0.98 && tbt <= 50;
	const clean = accessibility === 1 && bestPractices === 1;
	console.log(
		`${name.padEnd(36)} ${performanceScore.toFixed(2).padStart(5)} ${lcp.toFixed(0).padStart(6)} ms ${tbt.toFixed(0).padStart(5)} ms ${accessibility.toFixed(2).padStart(6)} ${bestPractices.toFixed(2).padStart(6)}   ${fast ? 'within' : 'OVER'} / ${clean ? 'within' : 'OVER'}`
	);
	// What else the performance score weighs, so a low score can be told apart.
	const metric = (/** @type {string} */ id) => median((lhr) => lhr.audits[id]?.numericValue ?? NaN);
	console.log(
		`  FCP ${metric('first-contentful-paint').toFixed(0)} ms, Speed Index ${metric('speed-index').toFixed(0)} ms, CLS ${metric('cumulative-layout-shift').toFixed(3)}`
	);
	for (const category of ['accessibility', 'best-practices']) {
		/** @type {Map<string, number>} */
		const counts = new Map();
		for (const id of runs.flatMap((lhr) => failing(lhr, category))) {
			counts.set(id, (counts.get(id) ?? 0) + 1);
		}
		if (counts.size === 0) continue;
		const list = [...counts].map(([id, times]) => `${id} (${times}/${runs.length})`).join(', ');
		console.log(`  ${category} failing: ${list}`);
	}
	const warnings = new Set(runs.flatMap((lhr) => lhr.runWarnings));
	for (const warning of warnings) console.log(`  warning: ${warning.replace(/\s+/g, ' ')}`);
}

/** Lighthouse on the floor, Koers for a newcomer and Koers with data, a round at a time. */
async function lighthouseFigures(
	/** @type {string} */ floorBase,
	/** @type {string} */ koersBase,
	/** @type {string | undefined} */ parentProfile
) {
	const started = performance.now();
	const dataProfile = parentProfile ?? (await prepareProfile('parent', visitAsParent(koersBase)));
	const targets = [
		{ name: 'floor /', url: `${floorBase}/` },
		{ name: 'Koers / (newcomer)', url: `${koersBase}/` },
		{
			name: `Koers /mijn-koers (${STATEMENTS} statements)`,
			url: `${koersBase}/mijn-koers`,
			profile: dataProfile
		}
	];
	/** @type {import('lighthouse').Result[][]} */
	const runs = targets.map(() => []);
	for (let round = 0; round < LIGHTHOUSE_RUNS; round++) {
		for (const [index, target] of targets.entries()) {
			runs[index]?.push(await lighthouseRetried(target.url, target.profile));
		}
	}
	console.log(
		`\nLighthouse ${runs[0]?.[0]?.lighthouseVersion}, mobile preset, median of ${LIGHTHOUSE_RUNS} runs`
	);
	console.log(
		`${'page'.padEnd(36)}  perf      LCP      TBT   a11y  best p.   goal: perf >= 0.98 and TBT <= 50 ms / a11y and best p. 1.0`
	);
	for (const [index, target] of targets.entries()) lighthouseReport(target.name, runs[index] ?? []);
	console.log(`Lighthouse took ${seconds(started)}`);
}

function seconds(/** @type {number} */ since) {
	return `${((performance.now() - since) / 1000).toFixed(0)} s`;
}

async function main() {
	const started = performance.now();
	build(root, 'Koers');
	build(floorDir, 'the floor');
	const koers = await startKoers({ DATA_DIR: tempDir('data'), ADDRESS_HEADER: '' });
	const floorBase = await startFloor();
	try {
		console.log(`Koers at ${koers.base}, the floor at ${floorBase}, Chromium ${chromiumPath}`);
		let parentProfile;
		if (PARTS.has('start')) ({ parentProfile } = await startFigures(floorBase, koers.base));
		if (PARTS.has('lighthouse')) await lighthouseFigures(floorBase, koers.base, parentProfile);
	} finally {
		await koers.stop();
	}
	console.log(`\nwhole run: ${seconds(started)}`);
}

await main();
// Ends the servers and removes the folders (atExit) even if a handle is still open.
process.exit(0);
