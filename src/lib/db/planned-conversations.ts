import type { PlannedConversation } from '$lib/domain/agenda';
import type { KoersDatabase } from './database';

/** Conversations planned in the family spaces this device is still in. */
export async function plannedConversations(db: KoersDatabase): Promise<PlannedConversation[]> {
	const spaces = (await db.spaces.toArray()).filter((s) => !s.leftAt).map((s) => s.id);
	const rows = await db.spaceItems.where('spaceId').anyOf(spaces).toArray();
	return rows
		.filter((row) => row.table === 'conversations' && !row.removed)
		.map((row) => ({
			...(row.payload as Omit<PlannedConversation, 'id' | 'createdBy'>),
			id: row.id,
			createdBy: row.ownerId
		}));
}
