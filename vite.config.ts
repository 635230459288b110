import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					groups: [
						{
							// The small modules every page loads with the app shell go in one file:
							// one request and one gzip stream instead of a dozen tiny ones.
							name: 'shell',
							test: /src[\\/](routes[\\/]guards|lib[\\/](ui[\\/](app-context|notices\.svelte|profile-manager|navigation)|db[\\/](live-query\.svelte|pending-saves|persist|profile-repository|connection|open|schema-check|schema|database)|domain[\\/](profile|one-of)|pwa[\\/]\w+))\.ts$/
						}
					]
				}
			}
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
