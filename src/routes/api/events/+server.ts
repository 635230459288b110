import { relayProtocol } from '$lib/server/relay';
import { events } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

/** One live stream for all of a device's spaces (docs/sync.md). */
export const POST: RequestHandler = async ({ request, getClientAddress }) =>
	events(await relayProtocol(), request, getClientAddress());
