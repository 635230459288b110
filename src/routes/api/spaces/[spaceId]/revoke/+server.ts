import { relayProtocol } from '$lib/server/relay';
import { revoke } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, params, getClientAddress }) =>
	revoke(await relayProtocol(), request, params.spaceId, getClientAddress());
