import Dexie, { type Table } from 'dexie';
import {
	backupWins,
	type BackupTables,
	type RestoreReport,
	type TableShape
} from '$lib/domain/backup';
import type { KoersDatabase } from './database';
import type { SpaceRecord } from './schema';

/**
 * What goes into a backup and how it comes back. Every table is in it, by the schema's own
 * list, except those that describe this device itself: its keys, its sync state, its queue,
 * its invites (with their secrets). A family's relay token is never in it either: a restored
 * backup is no clone of a device. Families come back only to a device that does not have
 * them, as a record of what was, that does not sync (the person joins again with an invite).
 */
const THIS_DEVICE_ONLY = new Set([
	'meta',
	'device',
	'outbox',
	'invites',
	'recordSync',
	'syncProblems'
]);
/** What a person writes themselves: a device with none of it was only just set up. */
const OWN_WORK = ['statements', 'statementVersions', 'reflections', 'children'] as const;

/** Tables that belong to one family: the families themselves, and all with a `spaceId`. */
function isFamilyTable(table: Table): boolean {
	return (
		table.name === 'spaces' || table.schema.indexes.some((index) => index.keyPath === 'spaceId')
	);
}

function backedUpTables(db: KoersDatabase): Table[] {
	return db.tables.filter((table) => !THIS_DEVICE_ONLY.has(table.name));
}

export function tableShapes(db: KoersDatabase): Record<string, TableShape> {
	return Object.fromEntries(
		backedUpTables(db).map((table) => [
			table.name,
			{ key: table.schema.primKey.keyPath ?? '', auto: Boolean(table.schema.primKey.auto) }
		])
	);
}

/** A family as the backup keeps it: what it is called and what this person was in it. */
function familyAsKept(space: SpaceRecord): Partial<SpaceRecord> {
	return { id: space.id, myRole: space.myRole, joinedAt: space.joinedAt, payload: space.payload };
}

export async function collectBackup(db: KoersDatabase): Promise<BackupTables> {
	const tables = backedUpTables(db);
	return db.transaction('r', tables, async () => {
		const all: BackupTables = {};
		for (const table of tables) {
			const records = (await table.toArray()) as Record<string, unknown>[];
			all[table.name] =
				table.name === 'spaces'
					? records.map((r) => familyAsKept(r as unknown as SpaceRecord))
					: records;
		}
		return all;
	});
}

class Rehearsed extends Error {}

/**
 * Merges a checked backup into the database, in one transaction: a record the device does
 * not have is added; one it has is replaced only by a newer one; a family the device has is
 * left to its own sync. A rehearsal does all of it and then undoes it (the transaction is
 * aborted): the report says what a restore would add, and nothing changed.
 */
export async function restoreBackup(
	db: KoersDatabase,
	backup: BackupTables,
	{ rehearse = false, now = new Date() } = {}
): Promise<RestoreReport> {
	const tables = backedUpTables(db).filter((table) => backup[table.name]?.length);
	const report: RestoreReport = {};
	try {
		// The families this device has are read too, so they are left alone; and whether the
		// person wrote anything here yet.
		const alsoRead = [db.spaces, ...OWN_WORK.map((name) => db.table(name))];
		await db.transaction('rw', [...new Set([...tables, ...alsoRead])], async () => {
			const known = new Set((await db.spaces.toCollection().primaryKeys()) as string[]);
			const counts = await Promise.all(OWN_WORK.map((name) => db.table(name).count()));
			const nothingWrittenHere = counts.every((count) => count === 0);
			for (const table of tables) {
				let records = backup[table.name] ?? [];
				if (isFamilyTable(table)) {
					const spaceOf = (r: Record<string, unknown>) =>
						table.name === 'spaces' ? r.id : r.spaceId;
					records = records.filter((r) => !known.has(spaceOf(r) as string));
					if (table.name === 'spaces') records = records.map((r) => restoredFamily(r, now));
				}
				// A device just set up for the restore takes on who the person was: the records
				// in the backup are theirs under that member id.
				const adopt = table.name === 'profile' && nothingWrittenHere;
				report[table.name] = await mergeTable(table, records, adopt);
			}
			if (rehearse) throw new Rehearsed();
		});
	} catch (error) {
		if (!(error instanceof Rehearsed)) throw error;
	}
	return report;
}

/** A family from a backup: shown, never synced (no token), until the person joins again. */
function restoredFamily(record: Record<string, unknown>, now: Date): Record<string, unknown> {
	return { ...record, token: '', lastSeq: 0, leftAt: now.toISOString() };
}

async function mergeTable(table: Table, records: Record<string, unknown>[], adopt = false) {
	const counts = { added: 0, updated: 0, kept: 0 };
	const keyPath = table.schema.primKey.keyPath;
	const numbered = table.schema.primKey.auto || keyPath == null;
	const keys = numbered ? [] : records.map((r) => Dexie.getByKeyPath(r, keyPath));
	const local = numbered
		? []
		: ((await table.bulkGet(keys)) as (Record<string, unknown> | undefined)[]);
	const write: Record<string, unknown>[] = [];
	records.forEach((record, i) => {
		const mine = local[i];
		if (!mine) {
			counts.added++;
			write.push(record);
		} else if (adopt || backupWins(mine, record)) {
			counts.updated++;
			write.push(record);
		} else {
			counts.kept++;
		}
	});
	await table.bulkPut(write);
	return counts;
}
