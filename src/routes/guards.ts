import { redirect } from '@sveltejs/kit';
import type { DatabaseStatus } from '$lib/db/open';
import { readProfile } from '$lib/db/profile-repository';

/** Screens that need a profile send a newcomer to the welcome screen first. */
export async function requireProfile(status: DatabaseStatus): Promise<void> {
	if (status.state !== 'ready') return;
	if ((await readProfile(status.db)).status === 'none') redirect(307, '/welkom');
}

/** The welcome screen is done once a readable profile exists. */
export async function leaveWelcomeWhenDone(status: DatabaseStatus): Promise<void> {
	if (status.state !== 'ready') return;
	if ((await readProfile(status.db)).status === 'ok') redirect(307, '/');
}

/** Writing and reflecting are for parents: others are sent home, newcomers to the welcome. */
export async function requireParent(status: DatabaseStatus): Promise<void> {
	if (status.state !== 'ready') return;
	const stored = await readProfile(status.db);
	if (stored.status === 'none') redirect(307, '/welkom');
	if (stored.status === 'ok' && stored.profile.role !== 'parent') redirect(307, '/');
}
