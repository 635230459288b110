import { loadTexts } from '$lib/i18n/i18n.svelte';
import { LAYOUT_TEXTS } from '../../screen-texts';
import { requireProfile } from '../../guards';
import type { LayoutLoad } from './$types';

/** Every screen of a family space needs a profile: a newcomer is sent to the welcome first. */
export const load: LayoutLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts(...LAYOUT_TEXTS['/gezin/[spaceId]']),
		parent().then(({ status }) => requireProfile(status))
	]);
};
