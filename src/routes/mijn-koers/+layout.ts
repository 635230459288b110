import '$lib/i18n/texts/statements';
import { redirect } from '@sveltejs/kit';
import { readProfile } from '$lib/db/profile-repository';
import type { LayoutLoad } from './$types';

/** Mijn koers is where a parent writes; others are sent home, newcomers to the welcome. */
export const load: LayoutLoad = async ({ parent }) => {
	const { status } = await parent();
	if (status.state !== 'ready') return;
	const stored = await readProfile(status.db);
	if (stored.status === 'none') redirect(307, '/welkom');
	if (stored.status === 'ok' && stored.profile.role !== 'parent') redirect(307, '/');
};
