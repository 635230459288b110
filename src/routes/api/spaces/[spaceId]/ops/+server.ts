import { relayProtocol } from '$lib/server/relay';
import { appendOps, readOps } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, params, getClientAddress }) =>
	readOps(await relayProtocol(), request, params.spaceId, getClientAddress());

export const POST: RequestHandler = async ({ request, params, getClientAddress }) =>
	appendOps(await relayProtocol(), request, params.spaceId, getClientAddress());
