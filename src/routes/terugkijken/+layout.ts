import '$lib/i18n/texts/family';
import '$lib/i18n/texts/planning';
import '$lib/i18n/texts/statements';
import '$lib/i18n/texts/reflections';
import { requireParent } from '../guards';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => requireParent((await parent()).status);
