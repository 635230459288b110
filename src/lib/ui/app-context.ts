import { getContext, setContext } from 'svelte';
import type { KoersDatabase } from '$lib/db/database';
import type { ProfileManager } from '$lib/db/profile-manager';
import type { ProfileView } from '$lib/db/profile-repository';

const DATABASE = Symbol('database');
const PROFILES = Symbol('profile-manager');
const PROFILE_VIEW = Symbol('profile-view');

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

export function setProfileView(view: ProfileView): ProfileView {
	return setContext(PROFILE_VIEW, view);
}

/** The profile to show; on the home screen it may be a first look (see first-look.ts). */
export function getProfileView(): ProfileView | undefined {
	return getContext<ProfileView | undefined>(PROFILE_VIEW);
}
