#!/usr/bin/env node
/**
 * The JavaScript budget of the home screen: every script the home route can load, dynamic
 * imports included, gzipped, must stay at or under 100 KB. A newcomer opening "/" is sent on
 * to "/welkom", so both routes count, and so do the error page and the service worker.
 * Reads the build's own module graph (Vite manifest); run after `npm run build`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 100 * 1024;
const HOME_ROUTES = ['/', '/welkom'];

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, '.svelte-kit', 'output', 'client');
const generated = '.svelte-kit/generated/client-optimized';

/** @param {string} route */
function routeNodes(route) {
	const app = readFileSync(join(root, generated, 'app.js'), 'utf8');
	const escaped = route.replace(/[/]/g, '\\/');
	const match = app.match(new RegExp(`"${escaped}":\\s*\\[~?(\\d+)`));
	if (!match) throw new Error(`Route ${route} not found in the client manifest`);
	return Number(match[1]);
}

export function measureHomeJavaScript() {
	const manifest = JSON.parse(readFileSync(join(output, '.vite', 'manifest.json'), 'utf8'));
	/** @type {Record<string, { file: string, imports?: string[], dynamicImports?: string[] }>} */
	const chunks = manifest;
	const files = new Set(['service-worker.js']);
	/** @type {Set<string>} */
	const seen = new Set();

	// Follows static and dynamic imports. The app entry's dynamic imports are the route nodes
	// of every route, so for it only static imports count; the needed nodes are added below.
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
	const nodes = new Set([0, 1, ...HOME_ROUTES.map(routeNodes)]);
	for (const node of nodes) visit(`${generated}/nodes/${node}.js`);

	const measured = [...files].map((file) => {
		const content = readFileSync(join(output, file));
		return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
	});
	measured.sort((a, b) => b.gzip - a.gzip);
	const totalGzip = measured.reduce((sum, f) => sum + f.gzip, 0);
	return { files: measured, totalGzip, budget: BUDGET_BYTES };
}

/** @param {ReturnType<typeof measureHomeJavaScript>} result */
export function report({ files, totalGzip, budget }) {
	/** @param {number} n */
	const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
	const lines = files.map((f) => `  ${kb(f.gzip).padStart(9)}  ${f.file}`);
	lines.push(
		`Home screen JavaScript: ${kb(totalGzip)} gzipped of ${kb(budget)} (${files.length} files)`
	);
	return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const result = measureHomeJavaScript();
	console.log(report(result));
	if (result.totalGzip > result.budget) {
		console.error('Over budget: split code or drop a dependency.');
		process.exit(1);
	}
}
