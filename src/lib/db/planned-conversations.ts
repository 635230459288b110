import { withEnded, type PlannedConversation } from '$lib/domain/agenda';
import type { KoersDatabase } from './database';
import type { SpaceItemRecord, SpaceRecord } from './schema';

/** Conversations planned in the family spaces this device is still in. */
export async function plannedConversations(db: KoersDatabase): Promise<PlannedConversation[]> {
	const spaces = (await db.spaces.toArray()).filter((s) => !s.leftAt).map((s) => s.id);
	return plannedFrom(await db.spaceItems.where('spaceId').anyOf(spaces).toArray());
}

/** The planned conversations among these items (the home screen's first look has them too). */
export function plannedFrom(rows: readonly SpaceItemRecord[]): PlannedConversation[] {
	const live = rows.filter((row) => !row.removed);
	const planned = live
		.filter((row) => row.table === 'conversations')
		.map((row) => ({
			...(row.payload as Omit<PlannedConversation, 'id' | 'createdBy' | 'endedAt'>),
			id: row.id,
			createdBy: row.ownerId
		}));
	// A conversation closed with a summary was held: it is no longer the next one.
	const summaries = live
		.filter((row) => row.table === 'summaries')
		.map((row) => row.payload as { conversationId: string; endedAt: string });
	return withEnded(planned, summaries);
}

/** The same from a first look: only the families this device is still in count. */
export function plannedInLook(spaces: readonly SpaceRecord[], rows: readonly SpaceItemRecord[]) {
	const current = new Set(spaces.filter((s) => !s.leftAt).map((s) => s.id));
	return plannedFrom(rows.filter((row) => current.has(row.spaceId)));
}
