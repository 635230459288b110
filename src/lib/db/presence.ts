/**
 * Whether this device has a Koers database, decided before anything is opened. Once Koers
 * made or opened it, a mark in localStorage says so, and a returning person's start asks
 * the browser nothing (its list of databases takes a while on a cold start). Without the
 * mark, the browser's list, asked once, decides.
 */
const MARK = 'koers.database';

let atStart: Promise<IDBDatabaseInfo[] | undefined> | undefined;

export function rememberDatabase(): void {
	try {
		localStorage.setItem(MARK, '1');
	} catch {
		// Private windows may refuse storage; the browser's list then decides each time.
	}
}

/** True only when there is certainly no database of this name on the device. */
export async function certainlyAbsent(name: string): Promise<boolean> {
	try {
		if (localStorage.getItem(MARK) === '1') return false;
	} catch {
		// No storage: ask the browser.
	}
	atStart ??= (async () => {
		try {
			return await globalThis.indexedDB?.databases?.();
		} catch {
			return undefined;
		}
	})();
	const listed = await atStart;
	return listed !== undefined && !listed.some((database) => database.name === name);
}
