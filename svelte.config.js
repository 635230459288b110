import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// This file is read more than once per build (and by child processes), so the build's
// version is fixed in the environment the first time: client and server must agree on it.
process.env.KOERS_VERSION ??= `${pkg.version}+${Date.now()}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	// Every component uses runes, so none needs Svelte's runtime for the older syntax.
	compilerOptions: { runes: true },
	kit: {
		// KOERS_OUT lets the test suite build a second version side by side (update flow).
		adapter: adapter({ out: process.env.KOERS_OUT ?? 'build', precompress: true }),
		// The version names the service worker cache; a new build means a new worker.
		version: { name: process.env.KOERS_VERSION },
		// Absolute paths make the one cached app shell valid for every route (offline deep links).
		paths: { relative: false },
		// workbox-window registers the worker, so the app decides when an update takes over.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				// The QR scanner's decoder is WebAssembly, served by Koers itself.
				'script-src': ['self', 'wasm-unsafe-eval'],
				// Only SvelteKit's route announcer carries a style attribute; allow exactly that one.
				'style-src': [
					'self',
					'unsafe-hashes',
					'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='
				],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'media-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
