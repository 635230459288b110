import { requireProfile } from '../../guards';
import type { LayoutLoad } from './$types';

/** Every screen of a family space needs a profile: a newcomer is sent to the welcome first. */
export const load: LayoutLoad = async ({ parent }) => requireProfile((await parent()).status);
