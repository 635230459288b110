import { relayProtocol } from '$lib/server/relay';
import { metrics } from '$lib/server/relay/protocol';
import type { RequestHandler } from './$types';

/** For operators, from the addresses METRICS_ALLOW names (docs/operating.md). */
export const GET: RequestHandler = async ({ getClientAddress }) =>
	metrics(await relayProtocol(), getClientAddress());
