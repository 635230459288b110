import type { KoersDatabase } from './database';
import { LAST_BACKUP_KEY, type MetaRecord } from './schema';

/** When this device last made a backup: for the settings and the home screen's reminder. */
export async function rememberBackup(db: KoersDatabase, at = new Date()): Promise<void> {
	await db.meta.put({ key: LAST_BACKUP_KEY, value: at.toISOString() });
}

export async function lastBackupAt(db: KoersDatabase): Promise<string | undefined> {
	const record: MetaRecord | undefined = await db.meta.get(LAST_BACKUP_KEY);
	return typeof record?.value === 'string' ? record.value : undefined;
}
