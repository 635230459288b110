import type { KoersDatabase } from './database';
import type { FirstLook } from './first-look';
import type { ProfileManager } from './profile-manager';

export const DATABASE_PROBLEMS = ['newer', 'foreign', 'unavailable', 'failed'] as const;
export type DatabaseProblem = (typeof DATABASE_PROBLEMS)[number];

type DatabaseTrouble = { state: 'problem'; problem: DatabaseProblem; detail: string };

export type DatabaseStatus =
	| { state: 'ready'; db: KoersDatabase }
	| DatabaseTrouble
	/** The lock is on and this tab does not hold the key (the start's mark was missing). */
	| { state: 'locked' };

/**
 * What the app starts with. `none`: this device has no Koers database yet (a newcomer), so
 * nothing was opened and Dexie was not even loaded; the welcome screen opens it on first use.
 * `glance`: the home screen's first look, read without Dexie (see first-look.ts).
 */
export type Connection =
	| { state: 'ready'; db: KoersDatabase; profiles: ProfileManager }
	| DatabaseTrouble
	| { state: 'none' }
	| { state: 'glance'; look: FirstLook };
