import '$lib/i18n/texts/welcome';
import { leaveWelcomeWhenDone } from '../guards';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => leaveWelcomeWhenDone((await parent()).status);
