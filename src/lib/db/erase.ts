import type { KoersDatabase } from './database';
import { DATABASE_NAME } from './schema';

/** Everything of Koers's own in this browser's storage starts with this. */
const KEY_PREFIX = 'koers.';

/**
 * Deletes everything Koers keeps on this device, now: the database (what was written,
 * drafts, families, keys and tokens), and what localStorage and sessionStorage hold for it
 * (the database mark, the language, what was explained). The app's own files stay cached,
 * so Koers still opens offline, as for a newcomer. Other tabs are asked to close the
 * database first (they show that it was closed elsewhere).
 */
export async function eraseEverything(db: KoersDatabase): Promise<void> {
	// A draft flushed on the way out must not make the database again.
	await db.delete({ disableAutoOpen: true });
	forgetKoersKeys();
}

/** The same, from the lock screen: nothing is open there, and the code was forgotten. */
export async function eraseLockedDevice(): Promise<void> {
	const { default: Dexie } = await import('dexie');
	await Dexie.delete(DATABASE_NAME);
	forgetKoersKeys();
}

function forgetKoersKeys() {
	for (const storage of [localStorage, sessionStorage]) {
		for (const key of Object.keys(storage)) {
			if (key.startsWith(KEY_PREFIX)) storage.removeItem(key);
		}
	}
}
