#!/usr/bin/env node
/**
 * Benchmark: with 5,000 reflections across 200 statements, how much main-thread work do the
 * timeline of one statement and the week view ("Terugkijken") take to render in Chromium?
 * Measured with the area's code loaded (client-side navigation), as the person moves around
 * the app; the first open after a page load, which also loads that code, is printed too.
 * Prints median and worst of several runs; the target is under 100 ms each.
 * Needs a build (npm run build). Usage: npm run bench
 */
import { makeStatements, seed, summary, withKoers } from './bench-lib.js';

const STATEMENTS = 200;
const REFLECTIONS = 5000;
const RUNS = 7;
const FITS = ['yes', 'partly', 'no'];

await withKoers(4198, async (page, base, measure) => {
	const today = new Date();
	const day = (/** @type {number} */ offset) =>
		new Date(today.getTime() - offset * 86400000).toISOString().slice(0, 10);
	await seed(page, {
		statements: makeStatements(STATEMENTS, ['goal', 'vision', 'important']),
		// Spread over the last two years, so this week holds a realistic handful.
		reflections: Array.from({ length: REFLECTIONS }, (_, i) => ({
			id: `r${i}`,
			ownerId: 'bench',
			date: day(i % 730),
			visibility: 'private',
			createdAt: new Date(today.getTime() - i * 3600000).toISOString(),
			updatedAt: new Date(today.getTime() - i * 3600000).toISOString(),
			payload: {
				statementIds: [`s${i % STATEMENTS}`],
				fit: FITS[i % 3],
				note: `Terugblik ${i}: het ging rustig bij de overdracht`,
				happened: '',
				did: '',
				nextTime: ''
			}
		}))
	});

	const nav = (/** @type {string} */ name) =>
		page.getByRole('navigation').getByRole('link', { name, exact: true });
	const weekShown = () =>
		page.waitForFunction(
			() => document.querySelectorAll('section[aria-labelledby="all-title"] article').length > 0,
			null,
			{
				polling: 'raf'
			}
		);
	const timeline = [];
	const week = [];
	const cold = [];
	for (let run = 0; run < RUNS; run++) {
		// A fresh page load: the first visit also loads the area's code.
		await page.goto(`${base}/`);
		await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();
		cold.push(await measure(() => nav('Terugkijken').click(), weekShown));
		// With the code loaded: leave the area and come back.
		await nav('Start').click();
		await page.getByRole('heading', { name: 'Hallo Bench' }).waitFor();
		week.push(await measure(() => nav('Terugkijken').click(), weekShown));
		await nav('Mijn koers').click();
		const link = page.getByRole('link', { name: /Hoe ging het met: 1 / });
		await link.waitFor();
		timeline.push(
			await measure(
				() => link.click(),
				() =>
					page.waitForFunction(
						() =>
							document.querySelector('figure figcaption') &&
							document.querySelectorAll('article').length >= 25,
						null,
						{
							polling: 'raf'
						}
					)
			)
		);
	}
	console.log(
		`Terugkijken with ${REFLECTIONS} reflections across ${STATEMENTS} statements, ${RUNS} runs, main-thread task time:`
	);
	console.log(summary('timeline of a statement', timeline));
	console.log(summary('week view (Terugkijken)', week));
	console.log(`${summary('first open (loads code)', cold)}  for information`);
});
