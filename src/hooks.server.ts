import type { Handle, ServerInit } from '@sveltejs/kit';
import { relayProtocol } from '$lib/server/relay';

/** Storage is opened and migrated when the server starts, not on the first request. */
export const init: ServerInit = async () => {
	await relayProtocol();
};

/**
 * The page the server sends is the one app shell for every address (the service worker
 * keeps the copy of "/" for all of them), so it names no screen's own files: else every
 * visit, to any screen, would fetch the home screen's. The app's entry files are named; the
 * rest follows from them.
 */
export const handle: Handle = ({ event, resolve }) =>
	resolve(event, { preload: ({ type, path }) => type === 'css' || path.includes('/entry/') });
