import type { KoersDatabase } from '$lib/db/database';
import { normaliseText } from '$lib/domain/statements';
import { saveItem, withdrawItem } from '$lib/family/sync/items';

/** Counsellors' notes: only counsellors write them, and only their author withdraws one. */
export async function writeNote(db: KoersDatabase, spaceId: string, text: string) {
	await saveItem(db, spaceId, 'notes', crypto.randomUUID(), {
		text: normaliseText(text),
		createdAt: new Date().toISOString()
	});
}

export async function withdrawNote(db: KoersDatabase, spaceId: string, noteId: string) {
	await withdrawItem(db, spaceId, 'notes', noteId);
}
