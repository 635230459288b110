import { redirect } from '@sveltejs/kit';
import { profileFromRecord, readProfile, type StoredProfile } from '$lib/db/profile-repository';
import type { Connection } from '$lib/db/status';

/** What this device knows of its user; a problem with the database is shown, not guarded. */
async function profileOf(connection: Connection): Promise<StoredProfile | undefined> {
	if (connection.state === 'none') return { status: 'none' };
	if (connection.state === 'problem') return undefined;
	if (connection.state === 'glance') return profileFromRecord(connection.look.profile);
	return readProfile(connection.db);
}

/** Screens that need a profile send a newcomer to the welcome screen first. */
export async function requireProfile(connection: Connection): Promise<void> {
	if ((await profileOf(connection))?.status === 'none') redirect(307, '/welkom');
}

/** The welcome screen is done once a readable profile exists. */
export async function leaveWelcomeWhenDone(connection: Connection): Promise<void> {
	if ((await profileOf(connection))?.status === 'ok') redirect(307, '/');
}

/** Writing and reflecting are for parents: others are sent home, newcomers to the welcome. */
export async function requireParent(connection: Connection): Promise<void> {
	const stored = await profileOf(connection);
	if (stored?.status === 'none') redirect(307, '/welkom');
	if (stored?.status === 'ok' && stored.profile.role !== 'parent') redirect(307, '/');
}

/** The screens a newcomer may see; every other one needs a profile (see the guards above). */
const OPEN_TO_NEWCOMERS = new Set(['/welkom', '/over', '/veilig', '/gezin/deelnemen']);

/** Whether a newcomer opening this address is sent to the welcome screen. */
export function sendsNewcomerToWelcome(pathname: string): boolean {
	return !OPEN_TO_NEWCOMERS.has(pathname.replace(/\/+$/, '') || '/');
}

/** The screens that work without a database: a newcomer's is made only once needed. */
const WITHOUT_DATABASE = new Set(['/welkom', '/over', '/veilig']);

export function needsDatabase(routeId: string | null): boolean {
	return !WITHOUT_DATABASE.has(routeId ?? '');
}

/**
 * The screens that show what is stored and link on (home, the family list): a first look is
 * enough to open them, and they open the database once the person types.
 */
const FROM_FIRST_LOOK = new Set(['/', '/gezin']);

export function showsOnly(routeId: string | null): boolean {
	return FROM_FIRST_LOOK.has(routeId ?? '');
}
