import type { KoersDatabase } from './database';

export async function readDraft(db: KoersDatabase, id: string): Promise<string | undefined> {
	const record = await db.drafts.get(id);
	return typeof record?.payload?.text === 'string' ? record.payload.text : undefined;
}

export async function writeDraft(db: KoersDatabase, id: string, text: string): Promise<void> {
	await db.drafts.put({ id, updatedAt: new Date().toISOString(), payload: { text } });
}

export async function removeDrafts(db: KoersDatabase, ids: readonly string[]): Promise<void> {
	await db.drafts.bulkDelete([...ids]);
}
