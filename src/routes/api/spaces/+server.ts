import { relayProtocol } from '$lib/server/relay';
import { createSpace } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, getClientAddress }) =>
	createSpace(await relayProtocol(), request, getClientAddress());
