import { loadTexts } from '$lib/i18n/i18n.svelte';
import { LAYOUT_TEXTS } from '../screen-texts';
import { requireParent } from '../guards';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts(...LAYOUT_TEXTS['/terugkijken']),
		parent().then(({ status }) => requireParent(status))
	]);
};
