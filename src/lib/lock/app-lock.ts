import type { KoersDatabase } from '$lib/db/database';
import { LOCK_KEY, type DraftRecord, type MetaRecord } from '$lib/db/schema';
import { forgetOutside, keptFields, readOutside } from '$lib/db/text-outside';
import { keysInUseNow, rekeyed, unsealedKeys } from '$lib/family/sync/rekey';
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

/**
 * Seals every record with a new data key, wrapped by the code; the database is rebuilt.
 * The device's keys are new as well, and each family is told (see family/sync/rekey.ts).
 */
export async function turnLockOn(
	db: KoersDatabase,
	code: string,
	kind: CodeKind,
	idleMinutes: IdleMinutes
): Promise<void> {
	const dataKey = newDataKey();
	const lock: LockRecord = { ...(await wrapDataKey(dataKey, code, kind)), idleMinutes };
	await rebuildDatabase(
		db,
		() => sealedContents(db, dataKey, lock),
		() => markLock(true)
	);
	forgetKeptTexts();
}

/** Everything, with new device keys, sealed with the data key; the lock's record beside it. */
async function sealedContents(db: KoersDatabase, dataKey: Uint8Array, lock: LockRecord) {
	const contents = await rekeyed(await withKeptTexts(await readAll(db)));
	const sealed: Contents = new Map();
	for (const [name, records] of contents) {
		if (name === 'meta') continue;
		const layout = layoutOf(name, db.core.table(name).schema);
		sealed.set(
			name,
			records.map((record) => sealRecord(dataKey, layout, record))
		);
	}
	const meta = withoutLock(contents.get('meta') ?? []);
	sealed.set('meta', [...meta, { key: LOCK_KEY, value: lock }]);
	return sealed;
}

/**
 * A device that turned the lock on before its keys could be sealed keeps them as CryptoKeys
 * beside the seal. Once the code is given they are renewed, like at turning the lock on;
 * while a join or an invite waits on them, at a later start. True when it rebuilt.
 */
export async function renewUnsealedKeys(db: KoersDatabase): Promise<boolean> {
	const [identities, lock] = await Promise.all([db.device.toArray(), storedLock(db)]);
	const dataKey = currentDataKey();
	if (!lock || !dataKey || !identities.some((identity) => identity.encryption)) return false;
	if (await keysInUseNow(db)) return false;
	await rebuildDatabase(
		db,
		() => sealedContents(db, dataKey, lock),
		() => markLock(true)
	);
	return true;
}

/**
 * Text a full disk kept outside IndexedDB goes into the rebuilt database as drafts, sealed
 * or opened with everything else, instead of staying outside as it was.
 */
async function withKeptTexts(contents: Contents): Promise<Contents> {
	const drafts = (contents.get('drafts') ?? []) as DraftRecord[];
	for (const id of keptFields()) {
		const text = await readOutside(id);
		if (text === undefined) continue;
		const draft: DraftRecord = { id, updatedAt: new Date().toISOString(), payload: { text } };
		const at = drafts.findIndex((record) => record.id === id);
		if (at >= 0) drafts[at] = draft;
		else drafts.push(draft);
	}
	contents.set('drafts', drafts);
	return contents;
}

const forgetKeptTexts = () => keptFields().forEach(forgetOutside);

/** Checks the code, then writes every record open again (the person chose so). */
export async function turnLockOff(db: KoersDatabase, code: string): Promise<void> {
	const lock = await storedLock(db);
	if (lock) await unwrapDataKey(lock, code);
	// Read through the lock: the records come out opened.
	const openContents = async () => {
		const contents = await unsealedKeys(await withKeptTexts(await readAll(db)));
		contents.set('meta', withoutLock(contents.get('meta') ?? []));
		return contents;
	};
	await rebuildDatabase(db, openContents, () => markLock(false));
	forgetKeptTexts();
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
