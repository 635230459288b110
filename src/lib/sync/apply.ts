import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord, SpaceRecord } from '$lib/db/schema';
import {
	itemReaders,
	isActive,
	mayRemove,
	readersFor,
	type SpaceDevice
} from '$lib/domain/membership';
import { audienceOf, isFixedOnceWritten, mayWrite } from '$lib/domain/space-items';
import { fromBase64Url, isFor, open, openSelfSigned, signerOf } from './envelope';
import { observeStamp } from './device';
import { itemKey } from './items';
import {
	parseOp,
	type AdmitOp,
	type HelloOp,
	type ItemOp,
	type Op,
	type RecordOp,
	type RosterOp
} from './ops';
import { fingerprint, isOwnRecordShape, ownTable, recordKey, shareable } from './records';
import { devicesOf, toDeviceRecord } from './roster';

/**
 * Applies what a device reads from its space's log. Every op is checked before anything is
 * written: an op that cannot be opened, verified or validated, or whose signer does not own
 * the record, is set aside and reported, never applied. Ops for other readers are skipped.
 */
export type SetAside =
	| 'malformed'
	| 'bad-signature'
	| 'tampered'
	| 'unknown-signer'
	| 'removed-signer'
	| 'invalid'
	| 'not-owner'
	| 'not-allowed'
	| 'clock';

export type Outcome = 'applied' | 'skipped' | { setAside: SetAside };

function parseBody(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

interface Opened {
	op: Op;
	signer: SpaceDevice | undefined;
}

/** Finds out who signed, checks the signature and decrypts. */
async function openOp(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	seq: number,
	envelope: unknown
): Promise<Opened | { setAside: SetAside } | 'skipped'> {
	const signerId = signerOf(envelope);
	if (!signerId) return { setAside: 'malformed' };
	if (!isFor(envelope, me.deviceId)) return 'skipped';
	const reader = { id: me.deviceId, encryptionKey: me.encryption.privateKey };
	const signer = await db.spaceDevices.get([space.id, signerId]);
	let result;
	if (signer) {
		if (signer.removedAtSeq !== undefined && seq > signer.removedAtSeq)
			return { setAside: 'removed-signer' };
		result = await open(envelope, reader, fromBase64Url(signer.signingKey));
	} else if (space.joining && signerId === space.joining.deviceId) {
		// Waiting to be admitted: the inviter's key came with the invite.
		result = await open(envelope, reader, fromBase64Url(space.joining.signingKey));
	} else {
		// A device answering one of our invites proves it holds the key it presents.
		result = await openSelfSigned(envelope, reader, (payload) => {
			const op = parseOp(payload);
			return op?.t === 'hello' && op.device.deviceId === signerId
				? fromBase64Url(op.device.signingKey)
				: undefined;
		});
		if (!result.ok && result.problem === 'bad-signature') return { setAside: 'unknown-signer' };
	}
	if (!result.ok)
		return { setAside: result.problem === 'not-for-me' ? 'malformed' : result.problem };
	const op = parseOp(result.payload);
	if (!op) return { setAside: 'invalid' };
	return { op, signer: signer && { ...signer, name: signer.payload.name } };
}

export async function applyOp(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	memberId: string,
	seq: number,
	body: string
): Promise<Outcome> {
	const envelope = parseBody(body);
	const opened = await openOp(db, space, me, seq, envelope);
	if (opened === 'skipped' || 'setAside' in opened) return opened;
	const { op, signer } = opened;
	switch (op.t) {
		case 'hello':
			if (op.device.deviceId !== signerOf(envelope)) return { setAside: 'invalid' };
			return applyHello(db, space, op);
		case 'roster':
			// Read again later (a replayed log), the list we started from changes nothing.
			if (!space.joining) return signer ? 'skipped' : { setAside: 'not-allowed' };
			if (signerOf(envelope) !== space.joining.deviceId) return { setAside: 'not-allowed' };
			return applyRoster(db, space, op);
		case 'admit':
			if (!signer && !(space.joining && signerOf(envelope) === space.joining.deviceId))
				return { setAside: 'unknown-signer' };
			return applyAdmit(db, space, me, op, signerOf(envelope)!);
		case 'remove': {
			if (!signer) return { setAside: 'unknown-signer' };
			const devices = await devicesOf(db, space.id);
			const targets = devices.filter((d) => op.deviceIds.includes(d.deviceId));
			const actor = devices.find((d) => d.deviceId === signer.deviceId)!;
			if (targets.some((t) => !mayRemove(actor, t))) return { setAside: 'not-allowed' };
			return applyRemove(db, space, me, targets, seq);
		}
		case 'record':
			if (!signer) return { setAside: 'unknown-signer' };
			if (signer.memberId !== op.owner) return { setAside: 'not-owner' };
			if (!(await observeStamp(db, op.stamp))) return { setAside: 'clock' };
			return op.owner === memberId ? applyOwnRecord(db, op) : applySharedRecord(db, space, op);
		case 'item':
			if (!signer) return { setAside: 'unknown-signer' };
			if (signer.memberId !== op.owner) return { setAside: 'not-owner' };
			if (!mayWrite(op.table, signer.role)) return { setAside: 'not-allowed' };
			if (!(await observeStamp(db, op.stamp))) return { setAside: 'clock' };
			return applyItem(db, space, op);
	}
}

async function applyHello(db: KoersDatabase, space: SpaceRecord, op: HelloOp): Promise<Outcome> {
	const invite = await db.invites.get(op.inviteId);
	if (!invite || invite.spaceId !== space.id) return { setAside: 'not-allowed' };
	// An invite works once: a second answer (or the same one read again) is not used.
	if (invite.status !== 'open') return 'skipped';
	// The role must be the invite's; another device of the same person keeps that person's id.
	if (op.device.role !== invite.role) return { setAside: 'not-allowed' };
	const { name, ...card } = op.device;
	await db.invites.update(invite.id, {
		status: 'answered',
		answer: { ...card, payload: { name } }
	});
	return 'applied';
}

async function applyRoster(db: KoersDatabase, space: SpaceRecord, op: RosterOp): Promise<Outcome> {
	await db.transaction('rw', db.spaces, db.spaceDevices, async () => {
		for (const card of op.devices) {
			const existing = await db.spaceDevices.get([space.id, card.deviceId]);
			if (!existing) await db.spaceDevices.put(toDeviceRecord(space.id, card, card.admittedBy));
		}
		await db.spaces.update(space.id, { payload: { name: op.spaceName }, joining: undefined });
	});
	space.joining = undefined;
	space.payload = { name: op.spaceName };
	return 'applied';
}

async function applyAdmit(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	op: AdmitOp,
	admittedBy: string
): Promise<Outcome> {
	const existing = await db.spaceDevices.get([space.id, op.device.deviceId]);
	if (existing) return 'applied';
	const newcomer = toDeviceRecord(space.id, op.device, admittedBy);
	await db.spaceDevices.put(newcomer);
	if (op.device.deviceId !== me.deviceId) await queueResend(db, space.id, me, newcomer.deviceId);
	return 'applied';
}

/** Re-sends what a newly admitted device may read of this person's shared records. */
export async function queueResend(
	db: KoersDatabase,
	spaceId: string,
	me: DeviceRecord,
	newcomerId: string
) {
	const devices = await devicesOf(db, spaceId);
	const profile = await db.profile.get('me');
	const createdAt = new Date().toISOString();
	const entries = (await db.recordSync.toArray())
		.filter(
			(row) =>
				row.sentVisibility &&
				readersFor(row.sentVisibility, profile?.memberId ?? '', devices, me.deviceId).some(
					(d) => d.deviceId === newcomerId
				)
		)
		.map((row) => ({ spaceId, createdAt, recordKey: row.key, to: [newcomerId] }));
	// And this person's items in the space that the newcomer may read.
	const readers = (audience: 'everyone' | 'counsellors') =>
		itemReaders(audience, devices, me.deviceId).some((d) => d.deviceId === newcomerId);
	const items = (await db.spaceItems.where('spaceId').equals(spaceId).toArray())
		.filter((row) => row.ownerId === profile?.memberId && readers(row.audience))
		.map((row) => ({ spaceId, createdAt, itemKey: row.key, to: [newcomerId] }));
	if (entries.length + items.length) await db.outbox.bulkAdd([...entries, ...items]);
}

async function applyRemove(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	targets: SpaceDevice[],
	seq: number
): Promise<Outcome> {
	await db.transaction(
		'rw',
		[db.spaceDevices, db.spaces, db.shared, db.outbox, db.spaceItems],
		async () => {
			for (const target of targets.filter(isActive))
				await db.spaceDevices.update([space.id, target.deviceId], { removedAtSeq: seq });
			if (targets.some((t) => t.deviceId === me.deviceId)) await forgetSpace(db, space.id, true);
		}
	);
	return 'applied';
}

/** Keeps a note of an op that was set aside, for the sync status to report. */
export async function reportSetAside(
	db: KoersDatabase,
	spaceId: string,
	seq: number,
	problem: SetAside
) {
	await db.syncProblems.add({ spaceId, seq, problem, at: new Date().toISOString() });
}

/** Stops syncing a space on this device and removes what others shared in it. */
export async function forgetSpace(db: KoersDatabase, spaceId: string, removed: boolean) {
	await db.transaction('rw', [db.spaces, db.shared, db.outbox, db.spaceItems], async () => {
		await db.spaces.update(spaceId, { leftAt: new Date().toISOString(), removed });
		await db.shared.where('spaceId').equals(spaceId).delete();
		await db.spaceItems.where('spaceId').equals(spaceId).delete();
		await db.outbox.where('spaceId').equals(spaceId).delete();
	});
}

/** A record of this person written on another of their devices. */
async function applyOwnRecord(db: KoersDatabase, op: RecordOp): Promise<Outcome> {
	if (op.record && !isOwnRecordShape(op.table, op.id, op.record)) return { setAside: 'invalid' };
	const key = recordKey(op.table, op.id);
	const table = ownTable(db, op.table);
	await db.transaction('rw', [table, db.recordSync, db.statementVersions], async () => {
		const row = await db.recordSync.get(key);
		if (row && row.stamp >= op.stamp) return;
		const local = await table.get(op.id);
		// A local change not sent yet loses to a newer one, but its text stays in the history.
		if (
			op.table === 'statements' &&
			local &&
			row &&
			row.sentFingerprint !== row.fingerprint &&
			'text' in local.payload
		) {
			await db.statementVersions.add({
				id: crypto.randomUUID(),
				statementId: op.id,
				savedAt: local.updatedAt,
				payload: { text: local.payload.text }
			});
		}
		if (op.record) await table.put(op.record as never);
		else await table.delete(op.id);
		const print = fingerprint(shareable(op.record as never));
		await db.recordSync.put({
			key,
			stamp: op.stamp,
			fingerprint: print,
			sentFingerprint: print,
			...(op.record ? { sentVisibility: op.visibility } : {})
		});
	});
	return 'applied';
}

/** A record another member shared: newest stamp wins, a removal deletes it. */
async function applySharedRecord(
	db: KoersDatabase,
	space: SpaceRecord,
	op: RecordOp
): Promise<Outcome> {
	const key = `${space.id}|${recordKey(op.table, op.id)}`;
	return db.transaction('rw', db.shared, async (): Promise<Outcome> => {
		const current = await db.shared.get(key);
		if (current && current.ownerId !== op.owner) return { setAside: 'not-owner' };
		if (current && current.stamp >= op.stamp) return 'applied';
		// A removal keeps its stamp without content, so an older copy arriving later stays out.
		await db.shared.put({
			key,
			spaceId: space.id,
			table: op.table,
			id: op.id,
			ownerId: op.owner,
			stamp: op.stamp,
			visibility: op.visibility,
			receivedAt: new Date().toISOString(),
			...(op.record ? { payload: op.record } : { removed: true, payload: {} })
		});
		return 'applied';
	});
}

/** An item written together in the space: its owner's newest stamp wins, a withdrawal removes it. */
async function applyItem(db: KoersDatabase, space: SpaceRecord, op: ItemOp): Promise<Outcome> {
	const key = itemKey(space.id, op.table, op.owner, op.id);
	return db.transaction('rw', db.spaceItems, async (): Promise<Outcome> => {
		const current = await db.spaceItems.get(key);
		if (current && current.ownerId !== op.owner) return { setAside: 'not-owner' };
		if (current && current.stamp >= op.stamp) return 'applied';
		if (current && isFixedOnceWritten(op.table)) return { setAside: 'not-allowed' };
		await db.spaceItems.put({
			key,
			spaceId: space.id,
			table: op.table,
			id: op.id,
			ownerId: op.owner,
			stamp: op.stamp,
			audience: audienceOf(op.table),
			pending: 0,
			...(op.item ? { payload: op.item } : { removed: true, payload: {} })
		});
		return 'applied';
	});
}
