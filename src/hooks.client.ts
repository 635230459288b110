import type { ClientInit } from '@sveltejs/kit';
import { connectDatabase } from '$lib/db/connection';
import { loadTexts } from '$lib/i18n/i18n.svelte';
import { sendsNewcomerToWelcome } from './routes/guards';

/**
 * Runs once, before SvelteKit picks the first screen. The database and the texts every
 * screen shows start at once, side by side. A newcomer (no database) who opens a screen that
 * needs a profile goes straight to the welcome screen: no detour through a screen that would
 * only send them on, and nothing of that screen is fetched.
 */
export const init: ClientInit = async () => {
	// The root layout awaits the same texts and reports a failure; here they only start.
	loadTexts('app').catch(() => {});
	const connection = await connectDatabase({ create: false });
	if (connection.state === 'none' && sendsNewcomerToWelcome(location.pathname)) {
		history.replaceState(history.state, '', '/welkom');
	}
};
