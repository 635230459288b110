import { requireProfile } from '../../../../guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => requireProfile((await parent()).status);
