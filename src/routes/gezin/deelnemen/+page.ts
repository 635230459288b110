import { loadTexts } from '$lib/i18n/i18n.svelte';
import { PAGE_TEXTS } from '../../screen-texts';
import type { PageLoad } from './$types';

// Joining speaks of the family space, and an invite says what a parent may share there:
// the visibility levels of "Mijn koers".
export const load: PageLoad = () => loadTexts(...PAGE_TEXTS['/gezin/deelnemen']);
