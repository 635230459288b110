import type { Table } from 'dexie';

/** Brings back a soft-deleted record: the deletion mark is removed, nothing else changes. */
export async function undelete<T extends { deletedAt?: string }>(
	table: Table<T, string>,
	id: string
): Promise<void> {
	await table.db.transaction('rw', table, async () => {
		const record = await table.get(id);
		if (!record) return;
		delete record.deletedAt;
		await table.put(record);
	});
}
