#!/usr/bin/env node
/**
 * Benchmark: with 1,000 statements and 5,000 history entries, how much main-thread work do
 * opening "Mijn koers" and searching it take in Chromium? Prints figures (median and worst
 * of several runs); the target is under 100 ms each. The first open after a page load, which
 * also loads Dexie and opens the database, is printed too. Not a test: timings vary.
 * Needs a build (npm run build). Usage: npm run bench
 */
import { makeStatements, seed, summary, withKoers } from './bench-lib.js';

const STATEMENTS = 1000;
const VERSIONS = 5000;
const RUNS = 7;

await withKoers(4199, async (page, base, measure) => {
	const at = new Date('2026-03-01T10:00:00Z').getTime();
	await seed(page, {
		statements: makeStatements(STATEMENTS),
		statementVersions: Array.from({ length: VERSIONS }, (_, v) => ({
			id: `v${v}`,
			statementId: `s${v % STATEMENTS}`,
			savedAt: new Date(at - v * 60000).toISOString(),
			payload: { text: `eerder ${v}` }
		}))
	});

	const open = [];
	const cold = [];
	const search = [];
	const listShown = () =>
		page.waitForFunction(() => document.querySelector('.more button'), null, { polling: 'raf' });
	const openCourse = () => page.getByRole('link', { name: 'Mijn koers' }).first().click();
	for (let run = 0; run < RUNS; run++) {
		// A fresh page load: the home screen opens from a first look, so the first screen
		// after it also loads Dexie and opens the database.
		await page.goto(`${base}/`);
		await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();
		cold.push(await measure(openCourse, listShown));
		await page.getByRole('link', { name: 'Start', exact: true }).click();
		await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();
		open.push(await measure(openCourse, listShown));
		const query = run % 2 ? 'vakantie muziek' : 'school';
		search.push(
			await measure(
				() => page.getByLabel('Zoeken in mijn koers').fill(query),
				() =>
					page.waitForFunction(
						(q) =>
							/** @type {HTMLInputElement | null} */ (document.getElementById('course-search'))
								?.value === q &&
							document.getElementById('course-search-result')?.textContent?.includes('gevonden'),
						query,
						{ polling: 'raf' }
					)
			)
		);
	}
	console.log(
		`Mijn koers with ${STATEMENTS} statements and ${VERSIONS} history entries, ${RUNS} runs, main-thread task time:`
	);
	console.log(summary('open Mijn koers', open));
	console.log(summary('search', search));
	console.log(`${summary('first open (opens Dexie)', cold)}  for information`);
});
