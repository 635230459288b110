import { loadTexts } from '$lib/i18n/i18n.svelte';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = () => loadTexts('family');
