#!/usr/bin/env node
/**
 * Benchmark: with 1,000 statements and 5,000 history entries, how much main-thread work do
 * opening "Mijn koers" and searching it take in Chromium? Prints figures (median and worst
 * of several runs); the target is under 100 ms each. Not a test: timings vary per machine.
 * Needs a build (npm run build). Usage: npm run bench
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './browser.js';

const STATEMENTS = 1000;
const VERSIONS = 5000;
const RUNS = 7;
const PORT = 4199;
const TARGET_MS = 100;

const dataDir = mkdtempSync(join(tmpdir(), 'koers-bench-'));
const server = spawn(process.execPath, ['scripts/start.js'], {
	env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir },
	stdio: ['ignore', 'pipe', 'inherit']
});
await new Promise((resolve) =>
	server.stdout.on('data', (d) => String(d).includes('running') && resolve())
);
const base = `http://127.0.0.1:${PORT}`;

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
	const page = await browser.newPage();
	await page.goto(`${base}/welkom`);
	await page.getByLabel('Hoe wil je genoemd worden?').fill('Bench');
	await page.getByLabel('Ik ben ouder').check();
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();

	// Seed straight into the stores, shaped as the repositories write them.
	await page.evaluate(
		({ statements, versions }) =>
			new Promise((resolve, reject) => {
				const kinds = ['vision', 'goal', 'plan', 'important', 'childrenNeed'];
				const themes = [
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
				const words =
					'rust school week huis vakantie zorg samen praten luisteren sport muziek opa oma verjaardag'.split(
						' '
					);
				const open = indexedDB.open('koers');
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['statements', 'statementVersions'], 'readwrite');
					const at = new Date('2026-03-01T10:00:00Z').getTime();
					for (let i = 0; i < statements; i++) {
						const text = Array.from(
							{ length: 40 },
							(_, w) => words[(i * 7 + w * 3) % words.length]
						).join(' ');
						tx.objectStore('statements').put({
							id: `s${i}`,
							ownerId: 'bench',
							kind: kinds[i % kinds.length],
							theme: themes[(i >> 2) % themes.length],
							visibility: 'private',
							order: i,
							createdAt: new Date(at + i * 1000).toISOString(),
							updatedAt: new Date(at + i * 1000).toISOString(),
							payload: { text: `${i} ${text}`, childIds: [] }
						});
					}
					for (let v = 0; v < versions; v++) {
						tx.objectStore('statementVersions').put({
							id: `v${v}`,
							statementId: `s${v % statements}`,
							savedAt: new Date(at - v * 60000).toISOString(),
							payload: { text: `eerder ${v}` }
						});
					}
					tx.oncomplete = () => {
						db.close();
						resolve(undefined);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		{ statements: STATEMENTS, versions: VERSIONS }
	);

	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const taskMs = async () => {
		const { metrics } = await cdp.send('Performance.getMetrics');
		return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
	};
	/** Main-thread task time from `action` until `done` resolves (and the page is idle). */
	const measure = async (action, done) => {
		const before = await taskMs();
		await action();
		await done();
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
		return (await taskMs()) - before;
	};

	const open = [];
	const search = [];
	for (let run = 0; run < RUNS; run++) {
		await page.goto(`${base}/`);
		await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();
		open.push(
			await measure(
				() => page.getByRole('link', { name: 'Mijn koers' }).first().click(),
				() =>
					page.waitForFunction(
						() =>
							document.querySelectorAll('article').length > 0 &&
							document.querySelector('.more button, .kind:last-of-type article'),
						null,
						{ polling: 'raf' }
					)
			)
		);
		const box = page.getByLabel('Zoeken in mijn koers');
		const query = run % 2 ? 'vakantie muziek' : 'school';
		search.push(
			await measure(
				() => box.fill(query),
				() =>
					page.waitForFunction(
						(q) =>
							document.getElementById('course-search-result')?.textContent?.includes('gevonden') &&
							document.getElementById('course-search') instanceof HTMLInputElement &&
							document.getElementById('course-search').value === q,
						query,
						{ polling: 'raf' }
					)
			)
		);
		await box.fill('');
	}

	const summary = (name, values) => {
		const sorted = [...values].sort((a, b) => a - b);
		const median = sorted[Math.floor(sorted.length / 2)];
		const worst = sorted.at(-1);
		const verdict = median < TARGET_MS ? 'within' : 'OVER';
		return `${name.padEnd(24)} median ${median.toFixed(1).padStart(6)} ms   worst ${worst.toFixed(1).padStart(6)} ms   (${verdict} ${TARGET_MS} ms)`;
	};
	console.log(
		`Mijn koers with ${STATEMENTS} statements and ${VERSIONS} history entries, ${RUNS} runs, main-thread task time:`
	);
	console.log(summary('open Mijn koers', open));
	console.log(summary('search', search));
} finally {
	await browser.close();
	server.kill('SIGTERM');
	rmSync(dataDir, { recursive: true, force: true });
}
