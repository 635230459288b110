import Dexie from 'dexie';
import { KoersDatabase } from '$lib/db/database';
import { DATABASE_NAME, type MetaRecord } from '$lib/db/schema';
import { markRebuild, rebuildWasUnderWay } from './lock-mark';
import { REBUILD_CHANNEL, THIS_TAB } from './rebuild-signal';

/**
 * Turning the lock on or off writes a new database: sealing the records where they are
 * would leave the old plain text in the browser's files. So everything is first written,
 * complete and in one transaction, to a copy; only then is the old database deleted and
 * made again from the copy. A crash at any point loses nothing: a complete copy is finished
 * at the next start, an incomplete one is thrown away (the old database is still whole).
 */
const COPY_NAME = `${DATABASE_NAME}.rebuild`;
const COMPLETE = 'rebuildComplete';

export type Contents = Map<string, unknown[]>;

/** Every table, by the schema's own list: tables added later are covered without change. */
export async function readAll(db: Dexie): Promise<Contents> {
	return db.transaction('r', db.tables, async () => {
		const all = await Promise.all(
			db.tables.map(async (table) => [table.name, await table.toArray()] as const)
		);
		return new Map(all);
	});
}

async function writeAll(db: Dexie, contents: Contents): Promise<void> {
	await db.transaction('rw', db.tables, async () => {
		for (const table of db.tables) {
			await table.clear();
			await table.bulkPut(contents.get(table.name) ?? []);
		}
	});
}

/** One rebuild at a time, across tabs. */
function exclusively<T>(work: () => Promise<T>): Promise<T> {
	const locks = globalThis.navigator?.locks;
	return locks ? locks.request('koers.rebuild', work) : work();
}

/** Other tabs get this long to save what they hold and close (see rebuild-signal.ts). */
const OTHER_TABS_MS = 400;

/**
 * Replaces the database with what `contents` gives (already sealed or opened, as it should
 * be stored). First every other tab is asked to save and close, so nothing it writes comes
 * after the read; they reload and wait for the rebuild. `db` is closed; the caller reloads.
 */
export function rebuildDatabase(
	db: Dexie,
	contents: () => Promise<Contents>,
	afterCopy: () => void
): Promise<void> {
	return exclusively(async () => {
		// A complete copy left by a crash holds the person's data: finish that one first.
		if (await copyIsComplete()) {
			await finishFromCopy();
			throw new Error('An earlier rebuild was finished first; try again');
		}
		markRebuild(true);
		// Without the mark a crash could not be finished at the next start: change nothing.
		if (!rebuildWasUnderWay()) throw new Error('localStorage refused the rebuild mark');
		await askOtherTabsToClose();
		const copy = new Map(await contents());
		copy.set('meta', [...(copy.get('meta') ?? []), { key: COMPLETE, value: true }]);
		await Dexie.delete(COPY_NAME);
		const target = new KoersDatabase(COPY_NAME);
		try {
			await target.open();
			await writeAll(target, copy);
		} finally {
			target.close();
		}
		afterCopy();
		db.close({ disableAutoOpen: true });
		await finishFromCopy();
	});
}

async function askOtherTabsToClose(): Promise<void> {
	if (typeof BroadcastChannel === 'undefined') return;
	const channel = new BroadcastChannel(REBUILD_CHANNEL);
	channel.postMessage({ from: THIS_TAB });
	channel.close();
	await new Promise((resolve) => setTimeout(resolve, OTHER_TABS_MS));
}

async function copyIsComplete(): Promise<boolean> {
	if (!(await Dexie.exists(COPY_NAME))) return false;
	const copy = new Dexie(COPY_NAME);
	try {
		await copy.open();
		return (await copy.table('meta').get(COMPLETE)) !== undefined;
	} catch {
		return false;
	} finally {
		copy.close();
	}
}

/** At a start after a rebuild stopped halfway: finishes it, or throws an incomplete copy away. */
export function finishRebuild(): Promise<void> {
	return exclusively(finishFromCopy);
}

async function finishFromCopy(): Promise<void> {
	if (await Dexie.exists(COPY_NAME)) {
		// No schema declared: the copy opens as it is, its values untouched.
		const copy = new Dexie(COPY_NAME);
		let contents: Contents | undefined;
		try {
			await copy.open();
			const complete = await copy.table('meta').get(COMPLETE);
			if (complete) contents = await readAll(copy);
		} finally {
			copy.close();
		}
		if (contents) {
			const meta = (contents.get('meta') ?? []) as MetaRecord[];
			contents.set(
				'meta',
				meta.filter((record) => record.key !== COMPLETE)
			);
			await Dexie.delete(DATABASE_NAME);
			const db = new KoersDatabase(DATABASE_NAME);
			try {
				await db.open();
				await writeAll(db, contents);
			} finally {
				db.close();
			}
		}
		await Dexie.delete(COPY_NAME);
	}
	markRebuild(false);
}
