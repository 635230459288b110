import type { Handle, ServerInit } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { quickExitUrl } from '$lib/server/quick-exit';
import { relayProtocol } from '$lib/server/relay';

/**
 * Storage is opened and migrated when the server starts, not on the first request, and a
 * wrong setting stops the start.
 */
export const init: ServerInit = async () => {
	quickExitUrl(env.QUICK_EXIT_URL);
	await relayProtocol();
};

/**
 * The page the server sends is the one app shell for every address (the service worker
 * keeps the copy of "/" for all of them), so it names no screen's own files: else every
 * visit, to any screen, would fetch the home screen's. It names the files every visit needs
 * (the entry, the start file, the root layout), so the browser fetches them side by side.
 * SvelteKit lists those first and then each route node's files, root layout (node 0) first.
 */
export const handle: Handle = ({ event, resolve }) => {
	let screenFiles = false;
	return resolve(event, {
		preload: ({ type, path }) => {
			if (type !== 'js') return type === 'css';
			if (/\/nodes\/(?!0\.)/.test(path)) screenFiles = true;
			return !screenFiles;
		}
	});
};
