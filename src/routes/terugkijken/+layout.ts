import { loadTexts } from '$lib/i18n/i18n.svelte';
import { requireParent } from '../guards';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => {
	await Promise.all([
		loadTexts('planning', 'reflections', 'statements', 'sync'),
		parent().then(({ status }) => requireParent(status))
	]);
};
