import { relayProtocol } from '$lib/server/relay';
import { events } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, params }) =>
	events(await relayProtocol(), request, params.spaceId);
