import type { PlannedConversation } from '$lib/domain/agenda';
import type { KoersDatabase } from './database';
import type { SpaceItemRecord, SpaceRecord } from './schema';

/** Conversations planned in the family spaces this device is still in. */
export async function plannedConversations(db: KoersDatabase): Promise<PlannedConversation[]> {
	const spaces = (await db.spaces.toArray()).filter((s) => !s.leftAt).map((s) => s.id);
	return plannedFrom(await db.spaceItems.where('spaceId').anyOf(spaces).toArray());
}

/** The planned conversations among these items (the home screen's first look has them too). */
export function plannedFrom(rows: readonly SpaceItemRecord[]): PlannedConversation[] {
	return rows
		.filter((row) => row.table === 'conversations' && !row.removed)
		.map((row) => ({
			...(row.payload as Omit<PlannedConversation, 'id' | 'createdBy'>),
			id: row.id,
			createdBy: row.ownerId
		}));
}

/** The same from a first look: only the families this device is still in count. */
export function plannedInLook(spaces: readonly SpaceRecord[], rows: readonly SpaceItemRecord[]) {
	const current = new Set(spaces.filter((s) => !s.leftAt).map((s) => s.id));
	return plannedFrom(rows.filter((row) => current.has(row.spaceId)));
}
