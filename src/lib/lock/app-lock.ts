import type { KoersDatabase } from '$lib/db/database';
import { LOCK_KEY, type MetaRecord } from '$lib/db/schema';
import type { CodeKind, IdleMinutes } from '$lib/domain/app-lock';
import { newDataKey, unwrapDataKey, wrapDataKey, type LockRecord } from './code-key';
import { currentDataKey } from './data-key';
import { markLock } from './lock-mark';
import { WRONG_CODES_KEY } from './lock-store';
import { readAll, rebuildDatabase, type Contents } from './rebuild';
import { layoutOf, sealRecord } from './sealing';

/**
 * Turning the app lock on and off, and changing its code or idle time. Each asks nothing of
 * the screen: the caller checked the new code (domain/app-lock.ts) and reloads afterwards,
 * so that everything in memory is read again through the lock.
 */

export async function storedLock(db: KoersDatabase): Promise<LockRecord | undefined> {
	return (await db.meta.get(LOCK_KEY))?.value as LockRecord | undefined;
}

const withoutLock = (meta: unknown[]) =>
	(meta as MetaRecord[]).filter(
		(record) => record.key !== LOCK_KEY && record.key !== WRONG_CODES_KEY
	);

/** Seals every record with a new data key, wrapped by the code; the database is rebuilt. */
export async function turnLockOn(
	db: KoersDatabase,
	code: string,
	kind: CodeKind,
	idleMinutes: IdleMinutes
): Promise<void> {
	const dataKey = newDataKey();
	const lock: LockRecord = { ...(await wrapDataKey(dataKey, code, kind)), idleMinutes };
	const contents = await readAll(db);
	const sealed: Contents = new Map();
	for (const [name, records] of contents) {
		if (name === 'meta') continue;
		const layout = layoutOf(name, db.core.table(name).schema);
		sealed.set(
			name,
			records.map((record) => sealRecord(dataKey, layout, record))
		);
	}
	sealed.set('meta', [...withoutLock(contents.get('meta') ?? []), { key: LOCK_KEY, value: lock }]);
	await rebuildDatabase(db, sealed, () => markLock(true));
}

/** Checks the code, then writes every record open again (the person chose so). */
export async function turnLockOff(db: KoersDatabase, code: string): Promise<void> {
	const lock = await storedLock(db);
	if (lock) await unwrapDataKey(lock, code);
	// Read through the lock: the records come out opened.
	const contents = await readAll(db);
	contents.set('meta', withoutLock(contents.get('meta') ?? []));
	await rebuildDatabase(db, contents, () => markLock(false));
}

/** Wraps the same data key with a new code: no record changes, nothing is lost. */
export async function changeCode(
	db: KoersDatabase,
	current: string,
	next: string,
	kind: CodeKind
): Promise<void> {
	const lock = await storedLock(db);
	if (!lock) throw new Error('The lock is not on');
	const dataKey = await unwrapDataKey(lock, current);
	const rewrapped: LockRecord = {
		...(await wrapDataKey(dataKey, next, kind)),
		since: lock.since,
		idleMinutes: lock.idleMinutes
	};
	await db.meta.put({ key: LOCK_KEY, value: rewrapped });
}

export async function setIdleMinutes(db: KoersDatabase, idleMinutes: IdleMinutes): Promise<void> {
	const lock = await storedLock(db);
	if (lock) await db.meta.put({ key: LOCK_KEY, value: { ...lock, idleMinutes } });
}

/** Whether this tab holds the key now (the lock is on and was opened). */
export const isUnlocked = () => currentDataKey() !== undefined;
