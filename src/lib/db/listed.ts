/**
 * The browser's list of databases as it was when Koers started, asked once: on a cold start
 * the answer takes a while, and both the welcome check and the first look need it. Only for
 * decisions made before Koers opens its own database (after that, the open one decides).
 */
let atStart: Promise<IDBDatabaseInfo[] | undefined> | undefined;

export function databasesAtStart(): Promise<IDBDatabaseInfo[] | undefined> {
	atStart ??= (async () => {
		try {
			return await globalThis.indexedDB?.databases?.();
		} catch {
			return undefined;
		}
	})();
	return atStart;
}
