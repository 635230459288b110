import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { hasSideEffects, startGroups } from './scripts/start-chunk.js';

export default defineConfig({
	plugins: [sveltekit()],
	resolve: {
		// Dexie's modern build: the same library, without the ES5 wrapper (2 KB less to fetch).
		alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }]
	},
	build: {
		rolldownOptions: {
			treeshake: { moduleSideEffects: hasSideEffects },
			output: { codeSplitting: { groups: startGroups() } }
		}
	},
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					// Family tests run real crypto against the relay's embedded database: on a busy
					// machine one can take longer than the default 5 s without anything being wrong.
					testTimeout: 15_000,
					include: ['src/**/*.test.ts', 'scripts/**/*.test.js'],
					exclude: ['src/**/*.svelte.test.ts']
				}
			},
			{
				extends: './vite.config.ts',
				resolve: { conditions: ['browser'] },
				test: {
					name: 'client',
					// A DOM environment makes Vite compile runes for the client, so effects run.
					// IndexedDB comes from fake-indexeddb.
					environment: 'happy-dom',
					include: ['src/**/*.svelte.test.ts']
				}
			}
		]
	}
});
