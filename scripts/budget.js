#!/usr/bin/env node
/**
 * The JavaScript budget of the first screens, measured as the browser fetches it: a visit
 * counts every script the page itself requests (from the network or from the service
 * worker) until 3 s after the network goes quiet, each file once, gzipped. What the service
 * worker fetches for its own precache is not the page's and does not count. Runs the
 * production build (`npm run build` first) in Chromium; prints each visit's figure and its
 * largest files, and fails when a visit is over its limit.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath } from './browser.js';
import { atExit, startKoers } from './relay-bench-lib.js';

const KB = 1024;
const QUIET_MS = 3000;
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {import('@playwright/test').Page} Page
 * @typedef {object} Visit
 * @property {string} name
 * @property {number} limit gzipped bytes
 * @property {string} path what the visitor opens
 * @property {(page: Page) => Promise<void>} [before] what happened on this device earlier
 * @property {(page: Page) => Promise<unknown>} shown the screen that must be reached
 */

/** @param {Page} page @param {string} name @param {'parent' | 'counsellor'} role */
async function onboard(page, name, role) {
	await page.goto('/');
	await page.getByLabel('Hoe wil je genoemd worden?').fill(name);
	await page
		.getByLabel(role === 'parent' ? 'Ik ben ouder' : 'Ik ben gezinsvertegenwoordiger')
		.check();
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await page.getByRole('heading', { level: 1, name: `Hallo ${name}` }).waitFor();
	// Later visits start the way a returning person's do: with the service worker in charge.
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** @param {Page} page @param {string} name */
const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

/** @type {Visit[]} */
export const VISITS = [
	{
		name: 'newcomer opens /',
		limit: 85 * KB,
		path: '/',
		shown: (page) => heading(page, 'Welkom bij Koers')
	},
	{
		name: 'returning parent opens /',
		limit: 85 * KB,
		path: '/',
		before: (page) => onboard(page, 'Budget', 'parent'),
		shown: (page) => heading(page, 'Hallo Budget')
	},
	{
		name: 'counsellor opens /gezin',
		limit: 95 * KB,
		path: '/gezin',
		before: async (page) => {
			await onboard(page, 'Budget', 'counsellor');
			await page.goto('/gezin');
			await page.getByLabel('Naam van het gezin').fill('Gezin Budget');
			await page.getByRole('button', { name: 'Gezin maken' }).click();
			await heading(page, 'Gezin Budget');
		},
		shown: (page) => heading(page, 'Gezin')
	},
	{
		// The safety page: opened in a hurry, often on a first visit, with "Snel weg" on it.
		name: 'newcomer opens /veilig',
		limit: 85 * KB,
		path: '/veilig',
		shown: (page) => heading(page, 'Veilig Koers gebruiken')
	}
];

/**
 * @typedef {{ url: string, gzip: number }} Fetched
 * @param {import('@playwright/test').Browser} browser @param {string} base @param {Visit} visit
 */
async function measureVisit(browser, base, visit) {
	const context = await browser.newContext({ baseURL: base, serviceWorkers: 'allow' });
	try {
		if (visit.before) {
			const earlier = await context.newPage();
			await visit.before(earlier);
			await earlier.close();
		}
		const page = await context.newPage();
		/** @type {Map<string, Promise<number>>} */
		const scripts = new Map();
		let lastActivity = performance.now();
		page.on('request', () => (lastActivity = performance.now()));
		page.on('requestfinished', () => (lastActivity = performance.now()));
		page.on('response', (response) => {
			lastActivity = performance.now();
			const request = response.request();
			const url = new URL(response.url());
			const isScript = request.resourceType() === 'script' || /\.m?js$/.test(url.pathname);
			if (!isScript || scripts.has(url.pathname)) return;
			scripts.set(
				url.pathname,
				response.body().then((body) => gzipSync(body, { level: 9 }).length)
			);
		});
		await page.goto(visit.path);
		await visit.shown(page);
		while (performance.now() - lastActivity < QUIET_MS) {
			await page.waitForTimeout(250);
		}
		/** @type {Fetched[]} */
		const files = await Promise.all(
			[...scripts].map(async ([url, gzip]) => ({ url, gzip: await gzip }))
		);
		files.sort((a, b) => b.gzip - a.gzip);
		return { visit, files, total: files.reduce((sum, f) => sum + f.gzip, 0) };
	} finally {
		await context.close();
	}
}

/** @param {number} n */
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

export async function measureBudget(build = process.env.KOERS_BUILD ?? 'build') {
	const dataDir = mkdtempSync(join(tmpdir(), 'koers-budget-'));
	// Browsers here connect directly: their address is the socket's, not a header's.
	const koers = await startKoers({ DATA_DIR: dataDir, KOERS_BUILD: build, ADDRESS_HEADER: '' });
	atExit(() => rmSync(dataDir, { recursive: true, force: true }));
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
	try {
		const results = [];
		for (const visit of VISITS) results.push(await measureVisit(browser, koers.base, visit));
		const worker = readFileSync(join(root, build, 'client', 'service-worker.js'));
		return { results, serviceWorker: gzipSync(worker, { level: 9 }).length };
	} finally {
		await browser.close();
		await koers.stop();
	}
}

/** @param {Awaited<ReturnType<typeof measureBudget>>} measured */
export function report({ results, serviceWorker }) {
	const lines = [];
	for (const { visit, files, total } of results) {
		lines.push(
			`${visit.name}: ${kb(total)} of JavaScript, gzipped, of ${kb(visit.limit)} (${files.length} files)`
		);
		for (const f of files.slice(0, 6)) lines.push(`  ${kb(f.gzip).padStart(9)}  ${f.url}`);
	}
	lines.push(`service worker (runs apart from the page, not counted): ${kb(serviceWorker)}`);
	return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const measured = await measureBudget();
	console.log(report(measured));
	const over = measured.results.filter((r) => r.total > r.visit.limit);
	if (over.length > 0) {
		console.error(
			`Over budget: ${over.map((r) => r.visit.name).join('; ')}. Load less at start, or later.`
		);
		process.exit(1);
	}
}
