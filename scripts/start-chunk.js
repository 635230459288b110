/**
 * How the client build is cut into files, so that a visit fetches little and in few steps.
 *
 * Every visit runs the app entry, the root layout and the error page, then one route. All
 * they import statically goes in one `start` file: one request and one gzip stream instead
 * of twenty, and it holds what the first screen waits for (Svelte, SvelteKit, Dexie,
 * i18next, the shell). Svelte's runtime is declared free of side effects, so a part that
 * only later screens use (a select binding, a keyed list) stays with those screens instead
 * of riding along in every visit.
 */
import { resolve } from 'node:path';

const generated = resolve('.svelte-kit/generated/client-optimized');

/** What every visit loads: the app entry, the root layout (node 0) and the error page (1). */
const START_ROOTS = [
	resolve('node_modules/@sveltejs/kit/src/runtime/client/entry.js'),
	resolve(generated, 'app.js'),
	resolve(generated, 'nodes/0.js'),
	resolve(generated, 'nodes/1.js')
];

/** Svelte's runtime modules only declare functions; these few must run for their effect. */
const SVELTE_SOURCE = /node_modules[\\/]svelte[\\/]src[\\/]/;
const SVELTE_EFFECTS = /disclose-version|[\\/]flags[\\/]/;

/** @param {string} id */
export function hasSideEffects(id) {
	return !SVELTE_SOURCE.test(id) || SVELTE_EFFECTS.test(id);
}

/**
 * What opening the database loads: Dexie and the code that opens it. (Live queries stay
 * apart: the home screen uses them, and loads Dexie only once the database is open.)
 */
const DATABASE_ROOTS = [resolve('src/lib/db/open.ts')];

/**
 * The chunking groups: modules statically reachable from the start roots go in `start`;
 * those reachable from the database roots (and not in `start`) in `database`, which is
 * fetched once a screen opens the database. The server build has no client nodes, so
 * there the groups capture nothing.
 * @returns {import('rolldown').CodeSplittingGroup[]}
 */
export function startGroups() {
	/** @type {{ start: Set<string>, database: Set<string> } | undefined} */
	let sets;
	/** @param {import('rolldown').ChunkingContext} context */
	const known = (context) => (sets ??= reachableSets((next) => context.getModuleInfo(next)));
	return [
		{
			// First: what every visit needs is never taken by a later group.
			priority: 2,
			name: (id, context) =>
				// The roots stay entries of their own: SvelteKit imports them by name.
				known(context).start.has(id) && !START_ROOTS.includes(id) ? 'start' : null
		},
		{
			priority: 1,
			name: (id, context) => (known(context).database.has(id) ? 'database' : null)
		}
	];
}

/** @param {(id: string) => { importedIds: readonly string[] } | null} info */
function reachableSets(info) {
	return {
		start: staticallyReachable(START_ROOTS, info),
		database: staticallyReachable(DATABASE_ROOTS, info)
	};
}

/**
 * @param {string[]} roots
 * @param {(id: string) => { importedIds: readonly string[] } | null} info
 */
function staticallyReachable(roots, info) {
	const seen = new Set();
	const queue = [...roots];
	while (queue.length > 0) {
		const id = /** @type {string} */ (queue.pop());
		if (seen.has(id)) continue;
		const module = info(id);
		if (!module) continue;
		seen.add(id);
		queue.push(...module.importedIds);
	}
	return seen;
}
