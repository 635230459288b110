import type { ServerInit } from '@sveltejs/kit';
import { relayProtocol } from '$lib/server/relay';

/** Storage is opened and migrated when the server starts, not on the first request. */
export const init: ServerInit = async () => {
	await relayProtocol();
};
