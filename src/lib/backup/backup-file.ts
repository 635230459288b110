import { collectBackup, tableShapes } from '$lib/db/backup-repository';
import type { KoersDatabase } from '$lib/db/database';
import { SCHEMA_VERSION } from '$lib/db/schema';
import {
	backupFileName,
	checkOwnRecord,
	checkTables,
	MAX_BACKUP_BYTES,
	readEnvelope,
	type BackupEnvelope,
	type BackupProblem,
	type BackupTables
} from '$lib/domain/backup';
import { WrongCodeError } from '$lib/lock/lock-errors';
import { makeBackupFile, openBackupFile } from './backup-seal';

/** A backup of everything on this device, as a file to save (sealed when a passphrase is given). */
export async function makeBackup(
	db: KoersDatabase,
	passphrase: string | undefined,
	now = new Date()
): Promise<{ name: string; file: Blob }> {
	const text = await makeBackupFile(await collectBackup(db), SCHEMA_VERSION, passphrase, now);
	return { name: backupFileName(now), file: new Blob([text], { type: 'application/json' }) };
}

export type ReadBackup =
	| { ok: true; envelope: BackupEnvelope; tables: BackupTables }
	| { ok: false; problem: BackupProblem | 'needsPassphrase' };

/** The file's envelope: is it a backup, and does it need a passphrase? Nothing is written. */
export async function readBackupEnvelope(
	file: Blob
): Promise<{ ok: true; envelope: BackupEnvelope } | { ok: false; problem: BackupProblem }> {
	// Not read at all when too big: a tab that reads 1 GB into memory may crash.
	if (file.size > MAX_BACKUP_BYTES) return { ok: false, problem: 'tooLarge' };
	const envelope = readEnvelope(await file.text(), SCHEMA_VERSION);
	return typeof envelope === 'string' ? { ok: false, problem: envelope } : { ok: true, envelope };
}

/** The checked tables of a backup, opened with the passphrase if it is sealed. */
export async function openBackup(
	db: KoersDatabase,
	envelope: BackupEnvelope,
	passphrase: string,
	now = new Date()
): Promise<ReadBackup> {
	if (envelope.sealed && passphrase === '') return { ok: false, problem: 'needsPassphrase' };
	let tables: unknown;
	try {
		tables = await openBackupFile(envelope, passphrase);
	} catch (error) {
		if (error instanceof WrongCodeError) return { ok: false, problem: 'wrongPassphrase' };
		throw error;
	}
	const checked = checkTables(tables, tableShapes(db), now, checkOwnRecord);
	return typeof checked === 'string'
		? { ok: false, problem: checked }
		: { ok: true, envelope, tables: checked };
}
