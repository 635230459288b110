import type { ClientInit } from '@sveltejs/kit';
import { hasNoDatabase } from '$lib/db/connection';
import { loadTexts } from '$lib/i18n/i18n.svelte';
import { sendsNewcomerToWelcome } from './routes/guards';

/**
 * Runs once, before SvelteKit picks the first screen. The texts every screen shows start
 * loading at once. A newcomer (no database) who opens a screen that needs a profile goes
 * straight to the welcome screen: no detour through a screen that would only send them on,
 * and nothing of that screen is fetched.
 */
export const init: ClientInit = async () => {
	// The root layout awaits the same texts and reports a failure; here they only start.
	loadTexts('app').catch(() => {});
	if (sendsNewcomerToWelcome(location.pathname) && (await hasNoDatabase())) {
		history.replaceState(history.state, '', '/welkom');
	}
};
