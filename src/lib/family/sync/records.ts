import type { KoersDatabase } from '$lib/db/database';
import type { ReflectionRecord, StatementRecord } from '$lib/db/schema';
import type { Visibility } from '$lib/domain/statements';
import type { SharedTable } from '$lib/domain/shared-records';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { thisDevice } from './device';
import { fromBase64Url, toBase64Url } from './envelope';

/**
 * Which of a person's own records travel, and in what form. Only the current text of a
 * shared record travels: never its private history, never a private or deleted record.
 */
type OwnRecord = StatementRecord | ReflectionRecord;

export function recordKey(table: SharedTable, id: string): string {
	return `${table}/${id}`;
}

export function splitKey(key: string): { table: SharedTable; id: string } {
	const at = key.indexOf('/');
	return { table: key.slice(0, at) as SharedTable, id: key.slice(at + 1) };
}

/** The record as it is shared, or null when it must not be (private, deleted or gone). */
export function shareable(record: OwnRecord | undefined): OwnRecord | null {
	if (!record || record.deletedAt || record.visibility === 'private') return null;
	return record;
}

export const NOT_SHARED = 'none';

/**
 * What the device remembers of a record it sent: its visibility (sending decides by it) and
 * a hash keyed with this device's own key, never a copy. So a text made private or deleted
 * stays nowhere in the sync state, and the hash cannot be checked against a guess.
 */
export function fingerprint(record: OwnRecord | null, key: Uint8Array): string {
	if (!record) return NOT_SHARED;
	const mac = hmac(sha256, key, new TextEncoder().encode(JSON.stringify(record)));
	return `${record.visibility}.${toBase64Url(mac)}`;
}

/** How a fingerprint was made before they were keyed: the record's JSON itself. */
export function copyFingerprint(record: OwnRecord | null): string {
	return record ? JSON.stringify(record) : NOT_SHARED;
}

export function visibilityOfPrint(print: string): Visibility | undefined {
	if (print === NOT_SHARED) return undefined;
	if (print.startsWith('{')) return (JSON.parse(print) as { visibility: Visibility }).visibility;
	return print.slice(0, print.indexOf('.')) as Visibility;
}

export function visibilityOf(record: OwnRecord | null): Visibility | undefined {
	return record?.visibility;
}

export function ownTable(db: KoersDatabase, table: SharedTable) {
	return (table === 'statements'
		? db.statements
		: db.reflections) as unknown as import('dexie').Table<OwnRecord, string>;
}

/**
 * The shared form of every own record that is or was shared, by key, read in one pass per
 * table (this runs after every save while someone types).
 */
export async function currentFingerprints(
	db: KoersDatabase
): Promise<Map<string, { print: string; copy: string }>> {
	const secret = await fingerprintKey(db);
	// A database made again (everything deleted) has a new key: nothing hashed before counts.
	const place = `${db.name}|${toBase64Url(secret.subarray(0, 9))}`;
	const prints = new Map<string, { print: string; copy: string }>();
	for (const key of (await db.recordSync.toCollection().primaryKeys()) as string[])
		prints.set(key, { print: NOT_SHARED, copy: NOT_SHARED });
	for (const table of ['statements', 'reflections'] as const) {
		for (const record of await ownTable(db, table).toArray()) {
			const key = recordKey(table, record.id);
			const shared = shareable(record);
			if (shared || prints.has(key)) prints.set(key, printOf(place, key, shared, secret));
		}
	}
	return prints;
}

/**
 * Hashing every shared record after every save costs about 20 µs a record; a record that
 * did not change since this tab last hashed it is not hashed again. Memory only: a reload
 * or the lock forgets it.
 */
const hashed = new Map<string, { copy: string; print: string }>();

function printOf(place: string, key: string, shared: OwnRecord | null, secret: Uint8Array) {
	const copy = copyFingerprint(shared);
	const at = `${place}|${key}`;
	const known = hashed.get(at);
	if (known?.copy === copy) return known;
	const made = { copy, print: fingerprint(shared, secret) };
	hashed.set(at, made);
	return made;
}

/** This device's key for fingerprints, made on first use; sealed with the app lock. */
export async function fingerprintKey(db: KoersDatabase): Promise<Uint8Array> {
	const stored = (await db.device.get('this'))?.printKey;
	if (stored) return fromBase64Url(stored);
	await thisDevice(db);
	const made = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
	// Two tabs may get here at once: the first one's key is the one.
	const key = await db.transaction('rw', db.device, async () => {
		const first = (await db.device.get('this'))?.printKey;
		if (!first) await db.device.update('this', { printKey: made });
		return first ?? made;
	});
	return fromBase64Url(key);
}
