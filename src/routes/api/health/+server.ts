import { json } from '@sveltejs/kit';
import { version } from '$app/environment';
import { access, constants } from 'node:fs/promises';
import { dataDirectory } from '$lib/server/config';
import { relay } from '$lib/server/relay';

const noStore = { 'cache-control': 'no-store' };

/** For operators and monitors: is this process up, can it write its data, does storage answer? */
export async function GET() {
	try {
		await access(dataDirectory(), constants.W_OK);
	} catch {
		return json(
			{ status: 'error', version, problem: 'data directory not writable' },
			{ status: 503, headers: noStore }
		);
	}
	try {
		const { sql, storage } = await relay();
		await sql.query('SELECT 1');
		return json({ status: 'ok', version, storage }, { headers: noStore });
	} catch {
		return json(
			{ status: 'error', version, problem: 'storage not answering' },
			{ status: 503, headers: noStore }
		);
	}
}
