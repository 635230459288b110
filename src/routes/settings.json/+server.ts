import { json } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { quickExitUrl } from '$lib/server/quick-exit';

/**
 * What whoever runs Koers set for the app on the device. The service worker keeps the last
 * copy, so the app knows it offline too. Checked at start (hooks.server.ts).
 */
export function GET() {
	return json(
		{ quickExitUrl: quickExitUrl(env.QUICK_EXIT_URL) },
		{ headers: { 'cache-control': 'no-cache' } }
	);
}
