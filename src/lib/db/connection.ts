import { lockIsOn, markLock } from '$lib/lock/lock-mark';
import { firstLook } from './first-look';
import { certainlyAbsent, listsDatabase, rememberDatabase } from './presence';
import { flushWhenPageHides } from './pending-saves';
import { readProfile } from './profile-repository';
import { DATABASE_NAME } from './schema';
import type { Connection } from './status';

let opening: Promise<Connection> | undefined;

/**
 * The app's one database connection. On a device without a Koers database (a newcomer),
 * a screen that can do without one (`create: false`) gets `none` at once: nothing is opened
 * or created, and Dexie is not loaded, until that screen needs it (`openDatabase`). A
 * screen that only shows (`glance: true`, the home screen) gets a first look read without
 * Dexie, until Dexie is loaded anyway.
 */
export async function connectDatabase({ create = true, glance = false } = {}): Promise<Connection> {
	flushWhenPageHides();
	if (!create && !opening && (await certainlyAbsent(DATABASE_NAME))) return { state: 'none' };
	if (glance && !opening) {
		const look = await firstLook();
		if (look) return { state: 'glance', look };
	}
	return openDatabase();
}

/** Opens (or, for a newcomer, creates) Koers's database, once. */
export function openDatabase(): Promise<Connection> {
	opening ??= open().then((connection) => {
		// A failed open may succeed on a later try (for example after another tab closes).
		if (connection.state === 'problem') opening = undefined;
		return connection;
	});
	return opening;
}

async function open(): Promise<Connection> {
	// Dexie and everything built on it load here, apart from the app's first file.
	const [{ openKoersDatabase }, { ProfileManager }] = await Promise.all([
		import('./open'),
		import('./profile-manager')
	]);
	rememberDatabase();
	const status = await openKoersDatabase();
	if (status.state === 'locked') return reloadLocked();
	if (status.state !== 'ready') return status;
	// Read once before the first screen: its menu depends on the role.
	const profile = await readProfile(status.db);
	return { ...status, profiles: new ProfileManager(status.db, profile) };
}

/**
 * The lock is on, but the start did not know (its mark was missing): it knows now, and the
 * reload asks for the code before anything else. Nothing is shown meanwhile.
 */
function reloadLocked(): Promise<Connection> {
	markLock(true);
	// Storage that refuses the mark would reload for ever: say what is wrong instead.
	if (!lockIsOn()) {
		const detail = 'the lock is on, and localStorage refused its mark';
		return Promise.resolve({ state: 'problem', problem: 'failed', detail });
	}
	location.reload();
	return new Promise(() => {});
}

/** A newcomer's device: certainly no Koers database yet (nothing is opened to find out). */
export function hasNoDatabase(): Promise<boolean> {
	return opening ? Promise.resolve(false) : certainlyAbsent(DATABASE_NAME);
}

/**
 * Whether this device has a readable profile after all, where the start went by a mark that
 * said "no database" (a mark can be out of date). The welcome screen asks once it is shown.
 * A database the newcomer has just begun (a draft) holds no profile, so it does not count.
 */
export async function foundAfterAll(): Promise<boolean> {
	if (!opening && (await listsDatabase(DATABASE_NAME)) !== true) return false;
	const connection = await openDatabase();
	return connection.state === 'ready' && connection.profiles.stored?.status === 'ok';
}
