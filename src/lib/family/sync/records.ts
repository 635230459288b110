import type { KoersDatabase } from '$lib/db/database';
import type { ReflectionRecord, StatementRecord } from '$lib/db/schema';
import type { Visibility } from '$lib/domain/statements';
import type { SharedTable } from '$lib/domain/shared-records';

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

export function fingerprint(record: OwnRecord | null): string {
	return record ? JSON.stringify(record) : NOT_SHARED;
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
export async function currentFingerprints(db: KoersDatabase): Promise<Map<string, string>> {
	const prints = new Map<string, string>();
	for (const key of (await db.recordSync.toCollection().primaryKeys()) as string[])
		prints.set(key, NOT_SHARED);
	for (const table of ['statements', 'reflections'] as const) {
		for (const record of await ownTable(db, table).toArray()) {
			const key = recordKey(table, record.id);
			const shared = shareable(record);
			if (shared || prints.has(key)) prints.set(key, fingerprint(shared));
		}
	}
	return prints;
}
