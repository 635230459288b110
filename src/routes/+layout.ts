import { connectDatabase } from '$lib/db/connection';
import { loadTexts } from '$lib/i18n/i18n.svelte';
import { needsDatabase, showsOnly } from './guards';
import type { LayoutLoad } from './$types';

// Koers renders on the device: the data lives in IndexedDB, which a server cannot read.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

/**
 * Opens the database once; every page gets its status (ready, none yet for a newcomer on a
 * screen that needs none, or the problem to show). The texts every screen shows come at the
 * same time, not after.
 */
export const load: LayoutLoad = async ({ route }) => {
	const [status] = await Promise.all([
		connectDatabase({ create: needsDatabase(route.id), glance: showsOnly(route.id) }),
		loadTexts('app')
	]);
	return { status };
};
