import type { ClientInit } from '@sveltejs/kit';
import { hasNoDatabase } from '$lib/db/connection';
import { loadTexts } from '$lib/i18n/i18n.svelte';
import { passLock } from '$lib/lock/gate';
import { sendsNewcomerToWelcome } from './routes/guards';
import { textsForAddress } from './routes/screen-texts';

/**
 * Runs once, before SvelteKit picks the first screen. A newcomer (no database) who opens a
 * screen that needs a profile goes straight to the welcome screen: no detour through a
 * screen that would only send them on, and nothing of that screen is fetched. The texts of
 * the first screen start loading here, next to its code: its load would only ask for them
 * once that code is in.
 */
export const init: ClientInit = async () => {
	// The routes' loads await the same texts and report a failure; here they only start.
	loadTexts('app').catch(() => {});
	// With the lock on, nothing opens before the code: the lock screen shows first.
	await passLock();
	if (sendsNewcomerToWelcome(location.pathname) && (await hasNoDatabase())) {
		history.replaceState(history.state, '', '/welkom');
	}
	loadTexts(...textsForAddress(location.pathname)).catch(() => {});
};
