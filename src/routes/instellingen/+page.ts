import { loadTexts } from '$lib/i18n/i18n.svelte';
import { PAGE_TEXTS } from '../screen-texts';
import { requireProfile } from '../guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts(...PAGE_TEXTS['/instellingen']),
		parent().then(({ status }) => requireProfile(status))
	]);
};
