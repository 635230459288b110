import type { KoersDatabase } from '$lib/db/database';
import type { SpaceRecord } from '$lib/db/schema';
import { exportShared } from '$lib/family/sync/transfer-file';
import { downloadFile } from '$lib/ui/download';

/**
 * Saves what this person shared in the space as an encrypted file, for carrying it without
 * a server; false when there is nothing to carry.
 */
export async function saveSharedFile(db: KoersDatabase, space: SpaceRecord): Promise<boolean> {
	const blob = await exportShared(db, space);
	if (!blob) return false;
	downloadFile(`koers-gedeeld-${new Date().toISOString().slice(0, 10)}.json`, blob);
	return true;
}
