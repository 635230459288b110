import { loadTexts } from '$lib/i18n/i18n.svelte';
import { LAYOUT_TEXTS } from '../screen-texts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = () => loadTexts(...LAYOUT_TEXTS['/gezin']);
