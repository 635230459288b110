import { getContext, setContext } from 'svelte';
import type { KoersDatabase } from '$lib/db/database';
import type { ProfileManager } from '$lib/db/profile-manager';

const DATABASE = Symbol('database');
const PROFILES = Symbol('profile-manager');

/**
 * Pages behind the welcome screen are only rendered once the database is open, so they can
 * rely on having it. Only the welcome screen meets a newcomer without one.
 */
export function setDatabase(db: KoersDatabase): KoersDatabase {
	return setContext(DATABASE, db);
}

export function getDatabase(): KoersDatabase {
	return getContext<KoersDatabase>(DATABASE);
}

/** The welcome screen's view: a newcomer has no database yet. */
export function databaseIfOpen(): KoersDatabase | undefined {
	return getContext<KoersDatabase | undefined>(DATABASE);
}

export function setProfileManager(manager: ProfileManager): ProfileManager {
	return setContext(PROFILES, manager);
}

/** The profile as live state, on every screen that has a database (see `getDatabase`). */
export function getProfileManager(): ProfileManager {
	return getContext<ProfileManager>(PROFILES);
}

/** The welcome screen's view: a newcomer has no database, so no profile manager yet. */
export function profileManagerIfOpen(): ProfileManager | undefined {
	return getContext<ProfileManager | undefined>(PROFILES);
}
