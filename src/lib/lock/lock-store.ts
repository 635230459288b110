import { openAsIs, request } from '$lib/db/raw-idb';
import { DATABASE_NAME, LOCK_KEY, type MetaRecord } from '$lib/db/schema';
import type { LockRecord } from './code-key';

/**
 * The lock's record and the count of wrong codes, read and written straight in IndexedDB:
 * the lock screen comes before Dexie, and before any upgrade of the schema (an upgrade that
 * touches what a person wrote can only run once the records can be opened).
 */
export const WRONG_CODES_KEY = 'lockWrongCodes';

export interface WrongCodes {
	count: number;
	/** When the last wrong code was tried: the wait runs from then, also across reloads. */
	at: number;
}

export interface StoredLock {
	lock: LockRecord;
	wrong: WrongCodes;
}

/** The lock, or undefined when this device has no database or no lock. */
export async function readLock(name = DATABASE_NAME): Promise<StoredLock | undefined> {
	let db: IDBDatabase;
	try {
		db = await openAsIs(name);
	} catch {
		return undefined;
	}
	try {
		if (!db.objectStoreNames.contains('meta')) return undefined;
		const meta = db.transaction('meta', 'readonly').objectStore('meta');
		const [lock, wrong] = await Promise.all([
			request<MetaRecord | undefined>(meta.get(LOCK_KEY)),
			request<MetaRecord | undefined>(meta.get(WRONG_CODES_KEY))
		]);
		if (!lock) return undefined;
		return {
			lock: lock.value as LockRecord,
			wrong: (wrong?.value as WrongCodes | undefined) ?? { count: 0, at: 0 }
		};
	} finally {
		db.close();
	}
}

export async function writeWrongCodes(wrong: WrongCodes, name = DATABASE_NAME): Promise<void> {
	const db = await openAsIs(name);
	try {
		const tx = db.transaction('meta', 'readwrite');
		tx.objectStore('meta').put({ key: WRONG_CODES_KEY, value: wrong } satisfies MetaRecord);
		await new Promise<void>((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}
