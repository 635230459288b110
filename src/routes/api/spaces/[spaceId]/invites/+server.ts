import { relayProtocol } from '$lib/server/relay';
import { addInvite } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, params, getClientAddress }) =>
	addInvite(await relayProtocol(), request, params.spaceId, getClientAddress());
