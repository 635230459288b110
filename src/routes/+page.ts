import { loadTexts } from '$lib/i18n/i18n.svelte';
import { requireProfile } from './guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts('home', 'problems'),
		parent().then(({ status }) => requireProfile(status))
	]);
};
