import '$lib/i18n/texts/family';
import '$lib/i18n/texts/statements';
import { requireParent } from '../guards';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => requireParent((await parent()).status);
