import { loadTexts } from '$lib/i18n/i18n.svelte';
import type { PageLoad } from './$types';

// The invite says what a parent may share: the visibility levels of "Mijn koers".
export const load: PageLoad = () => loadTexts('statements');
