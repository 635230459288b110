/**
 * IndexedDB itself, without Dexie, for the few reads that come before Dexie is loaded (the
 * first look, the lock screen). Never creates or upgrades a database.
 */

/** Opens the database as it is stored; fails when there is none (nothing is created). */
export function openAsIs(name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		// No version: the database opens as it is stored.
		const request = indexedDB.open(name);
		// Only when there is none: then nothing may be created (the aborted open leaves none).
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onsuccess = () => {
			const db = request.result;
			// Another tab upgrading it goes first.
			db.onversionchange = () => db.close();
			resolve(db);
		};
		request.onerror = () => reject(request.error);
		request.onblocked = () => reject(new Error('blocked'));
	});
}

export function request<T>(req: IDBRequest): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result as T);
		req.onerror = () => reject(req.error);
	});
}
