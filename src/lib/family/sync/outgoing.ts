import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord, OutboxRecord, RecordSyncRecord } from '$lib/db/schema';
import { lostReaders, readersFor, type Agreed, type SpaceDevice } from '$lib/domain/membership';
import { clockNode, nextStamp } from './device';
import type { RecordOp } from './ops';
import {
	NOT_SHARED,
	currentFingerprints,
	ownTable,
	shareable,
	splitKey,
	visibilityOf,
	visibilityOfPrint
} from './records';
import { agreedBy, pendingItems, sealItem } from './items';
import { devicesOf, sealOp } from './roster';

/**
 * Gives every own record whose shared form changed since it was last stamped a new stamp.
 * The records themselves are the durable outbox: what differs from what was sent is still
 * to send, after a reload, a crash or weeks offline.
 */
export async function stampChanges(db: KoersDatabase, node?: string): Promise<void> {
	const [prints, rows] = await Promise.all([currentFingerprints(db), db.recordSync.toArray()]);
	const stamped = new Map(rows.map((row) => [row.key, row]));
	for (const [key, { print, copy }] of prints) {
		const row = stamped.get(key);
		if (row?.fingerprint === print) continue;
		// Stamped before fingerprints were keyed, unchanged since: the copy becomes a hash.
		if (row && row.fingerprint === copy) {
			await db.recordSync.update(key, {
				fingerprint: print,
				...(row.sentFingerprint === copy ? { sentFingerprint: print } : {})
			});
			continue;
		}
		const stamp = await nextStamp(db, node);
		await db.transaction('rw', db.recordSync, async () => {
			const current = await db.recordSync.get(key);
			await db.recordSync.put({ ...current, key, stamp, fingerprint: print });
		});
	}
}

export async function pendingRecords(db: KoersDatabase): Promise<RecordSyncRecord[]> {
	return db.recordSync.filter((row) => row.sentFingerprint !== row.fingerprint).toArray();
}

/** How many changes wait to be sent for a space. */
export async function waitingCount(db: KoersDatabase, spaceId: string, sharesRecords: boolean) {
	const queued = await db.outbox.where('spaceId').equals(spaceId).count();
	const items = (await pendingItems(db, spaceId)).length;
	return queued + items + (sharesRecords ? (await pendingRecords(db)).length : 0);
}

function recordOp(
	key: string,
	memberId: string,
	stamp: string,
	record: Record<string, unknown> | null,
	visibility: RecordOp['visibility']
): RecordOp {
	const { table, id } = splitKey(key);
	return { t: 'record', table, id, owner: memberId, stamp, visibility, record };
}

/** Who is in a space and whom this person agreed to, read once per batch. */
interface Audience {
	spaceId: string;
	devices: SpaceDevice[];
	agreed: Agreed;
}

async function audienceOf(db: KoersDatabase, spaceId: string, memberId: string) {
	const [devices, agreed] = await Promise.all([
		devicesOf(db, spaceId),
		agreedBy(db, spaceId, memberId)
	]);
	return { spaceId, devices, agreed };
}

/** The sealed ops that bring readers up to date with one record (and removals for the rest). */
async function opsForRecord(
	db: KoersDatabase,
	me: DeviceRecord,
	memberId: string,
	{ spaceId, devices, agreed }: Audience,
	row: RecordSyncRecord,
	onlyTo?: string[]
): Promise<string[]> {
	const { table, id } = splitKey(row.key);
	const record = shareable(await ownTable(db, table).get(id));
	const visibility = visibilityOf(record);
	const bodies: string[] = [];
	let readers = visibility ? readersFor(visibility, memberId, devices, me.deviceId, agreed) : [];
	if (onlyTo) readers = readers.filter((d) => onlyTo.includes(d.deviceId));
	if (record && visibility && readers.length)
		bodies.push(
			await sealOp(
				me,
				spaceId,
				recordOp(row.key, memberId, row.stamp, { ...record }, visibility),
				readers
			)
		);
	if (!onlyTo) {
		const lost = lostReaders(
			row.sentVisibility,
			visibility ?? 'gone',
			memberId,
			devices,
			me.deviceId,
			agreed
		);
		if (lost.length)
			bodies.push(
				await sealOp(
					me,
					spaceId,
					recordOp(row.key, memberId, row.stamp, null, row.sentVisibility!),
					lost
				)
			);
	}
	return bodies;
}

/**
 * While someone types, their record is sent at most about once a minute: every save makes
 * a new version to send, and the family's log (and every reader's download) should grow
 * slowly. A change of who may read it goes at once.
 */
export const SEND_INTERVAL_MS = 60_000;

function mayWait(row: RecordSyncRecord, now: number): boolean {
	if (!row.sentAt || row.fingerprint === NOT_SHARED) return false;
	if (visibilityOfPrint(row.fingerprint) !== row.sentVisibility) return false;
	return now - Date.parse(row.sentAt) < SEND_INTERVAL_MS;
}

export interface Outgoing {
	bodies: string[];
	/** Marks what was in this batch as sent, once the relay has it. */
	done: () => Promise<void>;
	/** When a record held back while its author types may go (ms since 1970). */
	waitUntil?: number;
	/** Nothing goes now: all that waits is held back while its author types. */
	held?: boolean;
}

/** The next batch to send for a space: queued membership ops, re-sends, changed records. */
export async function nextBatch(
	db: KoersDatabase,
	me: DeviceRecord,
	memberId: string,
	spaceId: string,
	sharesRecords: boolean,
	max = 100,
	now = Date.now()
): Promise<Outgoing | undefined> {
	const audience = await audienceOf(db, spaceId, memberId);
	const { devices, agreed } = audience;
	const queued: OutboxRecord[] = await db.outbox
		.where('spaceId')
		.equals(spaceId)
		.limit(max)
		.toArray();
	const bodies: string[] = [];
	for (const entry of queued) {
		if (entry.body) bodies.push(entry.body);
		else if (entry.recordKey) {
			const row = await db.recordSync.get(entry.recordKey);
			if (row?.sentVisibility)
				bodies.push(...(await opsForRecord(db, me, memberId, audience, row, entry.to)));
		} else if (entry.itemKey) {
			const row = await db.spaceItems.get(entry.itemKey);
			const body = row && (await sealItem(me, spaceId, devices, agreed, row, entry.to));
			if (body) bodies.push(body);
		}
	}
	const items = (await pendingItems(db, spaceId)).slice(0, Math.max(0, max - queued.length));
	for (const row of items) {
		const body = await sealItem(me, spaceId, devices, agreed, row);
		if (body) bodies.push(body);
	}
	const pending = sharesRecords ? await pendingRecords(db) : [];
	const held = pending.filter((row) => mayWait(row, now));
	const rows = pending
		.filter((row) => !mayWait(row, now))
		.slice(0, Math.max(0, max - queued.length - items.length));
	for (const row of rows) bodies.push(...(await opsForRecord(db, me, memberId, audience, row)));
	const waitUntil = held.length
		? Math.min(...held.map((row) => Date.parse(row.sentAt!) + SEND_INTERVAL_MS))
		: undefined;
	if (queued.length + rows.length + items.length === 0)
		return waitUntil ? { bodies: [], done: async () => {}, waitUntil, held: true } : undefined;
	return {
		bodies,
		waitUntil,
		done: () =>
			db.transaction('rw', db.outbox, db.recordSync, db.spaceItems, async () => {
				await db.outbox.bulkDelete(queued.map((e) => e.seq!));
				for (const item of items) {
					// Changed again while sending: it stays pending under its new stamp.
					const current = await db.spaceItems.get(item.key);
					if (current?.stamp === item.stamp) await db.spaceItems.update(item.key, { pending: 0 });
				}
				for (const row of rows) {
					const current = await db.recordSync.get(row.key);
					// Changed again while sending: keep it pending under its new stamp.
					if (!current || current.fingerprint !== row.fingerprint) continue;
					await db.recordSync.put({
						...current,
						sentFingerprint: row.fingerprint,
						sentVisibility: visibilityOfPrint(row.fingerprint),
						sentAt: new Date(now).toISOString()
					});
				}
			})
	};
}

/** Every own shared record sealed for its readers now: the content of an export file. */
export async function sealAllShared(
	db: KoersDatabase,
	me: DeviceRecord,
	memberId: string,
	spaceId: string
): Promise<string[]> {
	await stampChanges(db, clockNode(me));
	const audience = await audienceOf(db, spaceId, memberId);
	const everyone = audience.devices.map((d) => d.deviceId);
	const bodies: string[] = [];
	for (const row of await db.recordSync.toArray()) {
		if (row.fingerprint === NOT_SHARED) continue;
		bodies.push(...(await opsForRecord(db, me, memberId, audience, row, everyone)));
	}
	for (const row of await db.spaceItems.where('spaceId').equals(spaceId).toArray()) {
		if (row.ownerId !== memberId) continue;
		const body = await sealItem(me, spaceId, audience.devices, audience.agreed, row);
		if (body) bodies.push(body);
	}
	return bodies;
}
