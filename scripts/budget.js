#!/usr/bin/env node
/**
 * The JavaScript budget of the first screens: every script a route loads, dynamic imports
 * included, gzipped, must stay at or under 100 KB. Measured for the home screen and for the
 * welcome screen (where a newcomer opening "/" lands). Reads the build's own module graph
 * (Vite manifest); run after `npm run build`. The service worker is reported on its own: it
 * runs in a worker, not on the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 100 * 1024;
export const MEASURED_ROUTES = ['/', '/welkom'];

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, '.svelte-kit', 'output', 'client');
const generated = '.svelte-kit/generated/client-optimized';

/** @param {string} route */
function routeNode(route) {
	const app = readFileSync(join(root, generated, 'app.js'), 'utf8');
	const escaped = route.replace(/[/]/g, '\\/');
	const match = app.match(new RegExp(`"${escaped}":\\s*\\[~?(\\d+)`));
	if (!match) throw new Error(`Route ${route} not found in the client manifest`);
	return Number(match[1]);
}

/** @param {string} file */
function measureFile(file) {
	const content = readFileSync(join(output, file));
	return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

/** @param {string} route */
export function measureRoute(route) {
	/** @type {Record<string, { file: string, imports?: string[], dynamicImports?: string[] }>} */
	const chunks = JSON.parse(readFileSync(join(output, '.vite', 'manifest.json'), 'utf8'));
	/** @type {Set<string>} */
	const files = new Set();
	/** @type {Set<string>} */
	const seen = new Set();

	// Follows static and dynamic imports. The app entry's dynamic imports are the nodes of
	// every route, so for it only static imports count; this route's nodes are added below.
	/** @param {string} key @param {boolean} [followDynamic] */
	function visit(key, followDynamic = true) {
		if (seen.has(key)) return;
		seen.add(key);
		const chunk = chunks[key];
		if (!chunk) throw new Error(`${key} missing from the Vite manifest`);
		if (chunk.file.endsWith('.js')) files.add(chunk.file);
		for (const next of chunk.imports ?? []) visit(next);
		if (followDynamic) for (const next of chunk.dynamicImports ?? []) visit(next);
	}

	visit('node_modules/@sveltejs/kit/src/runtime/client/entry.js');
	visit(`${generated}/app.js`, false);
	// The root layout and the error page load at start, then the route's own page.
	for (const node of new Set([0, 1, routeNode(route)])) visit(`${generated}/nodes/${node}.js`);

	const measured = [...files].map(measureFile).sort((a, b) => b.gzip - a.gzip);
	const totalGzip = measured.reduce((sum, f) => sum + f.gzip, 0);
	return { route, files: measured, totalGzip, budget: BUDGET_BYTES };
}

export function measureBudget() {
	return {
		routes: MEASURED_ROUTES.map(measureRoute),
		serviceWorker: measureFile('service-worker.js')
	};
}

/** @param {number} n */
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** @param {ReturnType<typeof measureBudget>} result */
export function report({ routes, serviceWorker }) {
	const lines = [];
	for (const { route, files, totalGzip, budget } of routes) {
		lines.push(
			`${route}: ${kb(totalGzip)} of JavaScript, gzipped, of ${kb(budget)} (${files.length} files)`
		);
		for (const f of files.slice(0, 6)) lines.push(`  ${kb(f.gzip).padStart(9)}  ${f.file}`);
	}
	lines.push(`service worker (not page JavaScript): ${kb(serviceWorker.gzip)}`);
	return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const result = measureBudget();
	console.log(report(result));
	const over = result.routes.filter((r) => r.totalGzip > r.budget);
	if (over.length > 0) {
		console.error(
			`Over budget: ${over.map((r) => r.route).join(', ')}. Split code or drop a dependency.`
		);
		process.exit(1);
	}
}
