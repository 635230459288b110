import type { KoersDatabase } from '$lib/db/database';
import type { ReflectionRecord, StatementRecord } from '$lib/db/schema';
import type { Visibility } from '$lib/domain/statements';
import type { SharedTable } from './ops';

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

/** All own records that are or were shared, as keys. */
export async function ownRecordKeys(db: KoersDatabase): Promise<string[]> {
	const keys = new Set((await db.recordSync.toCollection().primaryKeys()) as string[]);
	for (const table of ['statements', 'reflections'] as const) {
		const ids = (await ownTable(db, table)
			.filter((r) => r.visibility !== 'private')
			.primaryKeys()) as string[];
		for (const id of ids) keys.add(recordKey(table, id));
	}
	return [...keys];
}

/** Checks the shape of an incoming own record before it is written to the local tables. */
export function isOwnRecordShape(table: SharedTable, id: string, value: Record<string, unknown>) {
	const payload = value.payload as Record<string, unknown> | undefined;
	return (
		value.id === id &&
		typeof value.ownerId === 'string' &&
		typeof value.createdAt === 'string' &&
		typeof value.updatedAt === 'string' &&
		typeof payload === 'object' &&
		payload !== null &&
		(table === 'statements'
			? typeof payload.text === 'string' && typeof value.kind === 'string'
			: typeof payload.note === 'string' && typeof value.date === 'string')
	);
}
