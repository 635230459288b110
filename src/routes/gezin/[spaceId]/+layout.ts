import { loadTexts } from '$lib/i18n/i18n.svelte';
import { requireProfile } from '../../guards';
import type { LayoutLoad } from './$types';

/** Every screen of a family space needs a profile: a newcomer is sent to the welcome first. */
export const load: LayoutLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts('agreements', 'meeting', 'planning', 'reflections', 'space', 'statements', 'sync'),
		parent().then(({ status }) => requireProfile(status))
	]);
};
