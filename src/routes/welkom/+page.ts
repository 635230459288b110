import { loadTexts } from '$lib/i18n/i18n.svelte';
import { leaveWelcomeWhenDone } from '../guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts('welcome'),
		parent().then(({ status }) => leaveWelcomeWhenDone(status))
	]);
};
