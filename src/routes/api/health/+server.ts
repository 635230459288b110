import { json } from '@sveltejs/kit';
import { version } from '$app/environment';
import { access, constants } from 'node:fs/promises';
import { dataDirectory } from '$lib/server/config';

/** For operators and monitors: is this process up, and can it write its data? */
export async function GET() {
	try {
		await access(dataDirectory(), constants.W_OK);
		return json({ status: 'ok', version }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json(
			{ status: 'error', version, problem: 'data directory not writable' },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
}
