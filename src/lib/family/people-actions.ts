import type { KoersDatabase } from '$lib/db/database';
import { saveItem, withdrawItem } from '$lib/family/sync/items';

/**
 * A parent without a device, added by a counsellor by name for the conversation (so their
 * yes can be witnessed in the room), and taken out again.
 */
export async function addParentInRoom(db: KoersDatabase, spaceId: string, name: string) {
	await saveItem(db, spaceId, 'people', crypto.randomUUID(), {
		name,
		addedAt: new Date().toISOString()
	});
}

export async function removeParentInRoom(db: KoersDatabase, spaceId: string, memberId: string) {
	await withdrawItem(db, spaceId, 'people', memberId);
}
