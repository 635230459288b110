import { loadTexts } from '$lib/i18n/i18n.svelte';
import { PAGE_TEXTS } from '../screen-texts';
import type { PageLoad } from './$types';

export const load: PageLoad = () => loadTexts(...PAGE_TEXTS['/veilig']);
