import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// KOERS_OUT lets the test suite build a second version side by side (update flow).
		adapter: adapter({ out: process.env.KOERS_OUT ?? 'build', precompress: true }),
		// The version names the service worker cache; a new build means a new worker.
		version: { name: process.env.KOERS_VERSION ?? `${pkg.version}+${Date.now()}` },
		// Absolute paths make the one cached app shell valid for every route (offline deep links).
		paths: { relative: false },
		// workbox-window registers the worker, so the app decides when an update takes over.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
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
