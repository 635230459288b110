/**
 * What the benchmark scripts share: a Koers server on a spare port with its own data, a
 * Chromium page with a parent profile, and main-thread task time as Chromium counts it.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './browser.js';

export const TARGET_MS = 100;

/**
 * @param {number} port
 * @param {(page: import('@playwright/test').Page, base: string, measure: (action: () => Promise<unknown>, done: () => Promise<unknown>) => Promise<number>) => Promise<void>} run
 */
export async function withKoers(port, run) {
	const dataDir = mkdtempSync(join(tmpdir(), 'koers-bench-'));
	const server = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise((resolve) =>
		server.stdout.on('data', (d) => String(d).includes('running') && resolve(undefined))
	);
	const base = `http://127.0.0.1:${port}`;
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
	try {
		const page = await browser.newPage();
		await page.goto(`${base}/welkom`);
		await page.getByLabel('Hoe wil je genoemd worden?').fill('Bench');
		await page.getByLabel('Ik ben ouder').check();
		await page.getByRole('button', { name: 'Beginnen' }).click();
		await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();

		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		/** @type {Record<string, number>} */
		let last = {};
		const taskMs = async () => {
			const { metrics } = await cdp.send('Performance.getMetrics');
			last = Object.fromEntries(metrics.map((m) => [m.name, m.value * 1000]));
			return last.TaskDuration ?? 0;
		};
		/** Main-thread task time from `action` until `done` resolves and the page is idle. */
		const measure = async (
			/** @type {() => Promise<unknown>} */ action,
			/** @type {() => Promise<unknown>} */ done
		) => {
			const before = await taskMs();
			const start = last;
			await action();
			await done();
			await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
			const total = (await taskMs()) - before;
			// BENCH_DETAIL=1 shows where the time went (script, layout, style).
			if (process.env.BENCH_DETAIL) {
				const part = (/** @type {string} */ name) =>
					((last[name] ?? 0) - (start[name] ?? 0)).toFixed(0);
				console.log(
					`  ${total.toFixed(0)} ms: script ${part('ScriptDuration')}, layout ${part('LayoutDuration')}, style ${part('RecalcStyleDuration')}`
				);
			}
			return total;
		};
		await run(page, base, measure);
	} finally {
		await browser.close();
		server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/** @param {string} name @param {number[]} values */
export function summary(name, values) {
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
	const worst = sorted.at(-1) ?? 0;
	const verdict = median < TARGET_MS ? 'within' : 'OVER';
	return `${name.padEnd(24)} median ${median.toFixed(1).padStart(6)} ms   worst ${worst.toFixed(1).padStart(6)} ms   (${verdict} ${TARGET_MS} ms)`;
}

/**
 * Puts records straight into the app's stores, shaped as its repositories write them.
 * @param {import('@playwright/test').Page} page
 * @param {Record<string, object[]>} stores
 */
export async function seed(page, stores) {
	await page.evaluate(
		(stores) =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('koers');
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(Object.keys(stores), 'readwrite');
					for (const [name, records] of Object.entries(stores)) {
						for (const record of records) tx.objectStore(name).put(record);
					}
					tx.oncomplete = () => {
						db.close();
						resolve(undefined);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		stores
	);
}

const KINDS = ['vision', 'goal', 'plan', 'important', 'childrenNeed'];
const THEMES = [
	'care',
	'inform',
	'home',
	'school',
	'health',
	'holidays',
	'family',
	'money',
	'childVoice',
	'other'
];
const WORDS =
	'rust school week huis vakantie zorg samen praten luisteren sport muziek opa oma verjaardag'.split(
		' '
	);

/** @param {number} count @param {string[]} [kinds] */
export function makeStatements(count, kinds = KINDS) {
	const at = new Date('2026-01-01T10:00:00Z').getTime();
	return Array.from({ length: count }, (_, i) => ({
		id: `s${i}`,
		ownerId: 'bench',
		kind: kinds[i % kinds.length],
		theme: THEMES[(i >> 2) % THEMES.length],
		visibility: 'private',
		order: i,
		createdAt: new Date(at + i * 1000).toISOString(),
		updatedAt: new Date(at + i * 1000).toISOString(),
		payload: {
			text: `${i} ${Array.from({ length: 40 }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]).join(' ')}`,
			childIds: []
		}
	}));
}
