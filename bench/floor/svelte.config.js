/**
 * The floor of Koers's stack: a bare SvelteKit page, built and served the way Koers is
 * (adapter-node, precompressed files, absolute paths, a service worker), so that
 * scripts/bench-start.js can tell what Koers adds on top. It uses the repository root's
 * node_modules; this folder's package.json is only there because adapter-node reads one.
 */
import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	// As in Koers: runes everywhere, so Svelte's runtime for the older syntax stays out.
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// As in Koers: absolute paths make the one cached shell valid for every address.
		paths: { relative: false }
	}
};

export default config;
