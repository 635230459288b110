import { relayProtocol } from '$lib/server/relay';
import { join } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, params, getClientAddress }) =>
	join(await relayProtocol(), request, params.spaceId, getClientAddress());
