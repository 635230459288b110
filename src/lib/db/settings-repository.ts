import type { KoersDatabase } from './database';

/** Settings whose value the person chose or wrote; read back defensively by the caller. */
export async function readSetting(db: KoersDatabase, key: string): Promise<unknown> {
	return (await db.settings.get(key))?.payload;
}

export async function writeSetting(
	db: KoersDatabase,
	key: string,
	payload: unknown
): Promise<void> {
	await db.settings.put({ key, payload });
}

export async function removeSetting(db: KoersDatabase, key: string): Promise<void> {
	await db.settings.delete(key);
}
