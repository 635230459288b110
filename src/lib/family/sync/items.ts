import { currentProfile } from '$lib/db/current-profile';
import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord, SpaceItemRecord } from '$lib/db/schema';
import { itemReaders, type Agreed, type SpaceDevice } from '$lib/domain/membership';
import {
	audienceOf,
	isFixedOnceWritten,
	isItemShape,
	mayWrite,
	type ConsentWay,
	type SpaceTable
} from '$lib/domain/space-items';
import { clockNode, deviceFor, nextStamp } from './device';
import type { ItemOp } from './ops';
import { sealOp } from './roster';

/**
 * Items written together in a family space. Each is saved with a fresh stamp and marked
 * pending; the engine seals it for its audience and clears the mark once the relay has it.
 */
/**
 * The owner is part of the key: a copy someone else makes of an item's id is a different
 * item, never a replacement (and the view leaves out ids claimed by two owners).
 */
export function itemKey(spaceId: string, table: SpaceTable, owner: string, id: string): string {
	return `${spaceId}|${table}/${owner}/${id}`;
}

/** The item with this id, or nothing when there is none or two owners claim it. */
export async function findItem(
	db: KoersDatabase,
	spaceId: string,
	table: SpaceTable,
	id: string
): Promise<SpaceItemRecord | undefined> {
	const rows = await db.spaceItems
		.where('spaceId')
		.equals(spaceId)
		.filter((row) => row.table === table && row.id === id)
		.toArray();
	return rows.length === 1 ? rows[0] : undefined;
}

/** Saves (or replaces) one of this person's own items in the space. */
export async function saveItem(
	db: KoersDatabase,
	spaceId: string,
	table: SpaceTable,
	id: string,
	payload: Record<string, unknown>
): Promise<void> {
	const profile = await currentProfile(db);
	if (!mayWrite(table, profile.role)) throw new Error(`A ${profile.role} cannot write ${table}`);
	if (!isItemShape(table, payload)) throw new Error(`Not a valid ${table} item`);
	const stamp = await nextStamp(db, clockNode(await deviceFor(db, spaceId)));
	const key = itemKey(spaceId, table, profile.memberId, id);
	await db.transaction('rw', db.spaceItems, async () => {
		const current = await db.spaceItems.get(key);
		if (current && isFixedOnceWritten(table))
			throw new Error(`A written ${table} item stays as it is`);
		await db.spaceItems.put({
			key,
			spaceId,
			table,
			id,
			ownerId: profile.memberId,
			stamp,
			audience: audienceOf(table),
			pending: 1,
			payload
		});
	});
}

/** Withdraws one of this person's own items: everyone's copy is removed. */
export async function withdrawItem(
	db: KoersDatabase,
	spaceId: string,
	table: SpaceTable,
	id: string
): Promise<void> {
	const profile = await currentProfile(db);
	const stamp = await nextStamp(db, clockNode(await deviceFor(db, spaceId)));
	const key = itemKey(spaceId, table, profile.memberId, id);
	await db.transaction('rw', db.spaceItems, async () => {
		const current = await db.spaceItems.get(key);
		if (!current) return;
		if (isFixedOnceWritten(table)) throw new Error(`A written ${table} item stays as it is`);
		await db.spaceItems.put({ ...current, stamp, pending: 1, removed: true, payload: {} });
	});
}

export function pendingItems(db: KoersDatabase, spaceId: string): Promise<SpaceItemRecord[]> {
	return db.spaceItems
		.where('pending')
		.equals(1)
		.filter((row) => row.spaceId === spaceId)
		.toArray();
}

export function itemOp(row: SpaceItemRecord): ItemOp {
	return {
		t: 'item',
		table: row.table,
		id: row.id,
		owner: row.ownerId,
		stamp: row.stamp,
		item: row.removed ? null : row.payload
	};
}

/** The item sealed for everyone in its audience (or only for `onlyTo`, a newcomer). */
export async function sealItem(
	me: DeviceRecord,
	spaceId: string,
	devices: readonly SpaceDevice[],
	agreed: Agreed,
	row: SpaceItemRecord,
	onlyTo?: readonly string[]
): Promise<string | undefined> {
	let readers = itemReaders(row.audience, row.ownerId, devices, me.deviceId, agreed);
	if (onlyTo) readers = readers.filter((d) => onlyTo.includes(d.deviceId));
	return readers.length ? sealOp(me, spaceId, itemOp(row), readers) : undefined;
}

/** The people this person agreed may read what they write in the space (see membership.ts). */
export async function agreedBy(db: KoersDatabase, spaceId: string, memberId: string) {
	const rows = await db.spaceItems
		.where('spaceId')
		.equals(spaceId)
		.filter((row) => row.table === 'consents' && row.ownerId === memberId && !row.removed)
		.toArray();
	return new Set(rows.map((row) => row.id));
}

/**
 * This person's yes to someone reading what they write in the space: a signed item that
 * every member sees. Saying it again changes nothing.
 */
export async function agreeTo(
	db: KoersDatabase,
	spaceId: string,
	memberId: string,
	how: ConsentWay,
	now = new Date()
) {
	const profile = await currentProfile(db);
	if ((await agreedBy(db, spaceId, profile.memberId)).has(memberId)) return;
	await saveItem(db, spaceId, 'consents', memberId, { agreedAt: now.toISOString(), how });
}
