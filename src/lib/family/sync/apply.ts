import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord, SpaceRecord } from '$lib/db/schema';
import {
	admitProblem,
	isActive,
	itemReaders,
	mayRemove,
	readersFor,
	rekeyProblem,
	signingKeyAt,
	type SpaceDevice
} from '$lib/domain/membership';
import { audienceOf, isFixedOnceWritten, mayWrite } from '$lib/domain/space-items';
import {
	fromBase64Url,
	open,
	openSelfSigned,
	signerOf,
	versionProblem,
	type Place
} from './envelope';
import { observeStamp } from './device';
import { agreedBy, agreeTo, itemKey } from './items';
import { decide } from './merge';
import {
	decodeOp,
	parseOp,
	type AdmitOp,
	type HelloOp,
	type ItemOp,
	type Op,
	type RecordOp,
	type RekeyOp,
	type RosterOp
} from './ops';
import { fingerprint, fingerprintKey, ownTable, recordKey } from './records';
import { devicesOf, toDeviceRecord } from './roster';

/**
 * Applies what a device reads from its space's log, through one gate: open (signature over
 * the space, decryption) -> decode (one decoder per op and table) -> authorise (signer,
 * role, membership at that point of the log) -> merge (newest stamp of the owner wins).
 * Whatever fails is set aside and reported, never applied, and nothing in here throws:
 * one bad op cannot stop a device's sync. Ops for other readers are skipped.
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
	| 'clock'
	| 'newer-format'
	| 'old-format'
	| 'failed'
	| 'not-sent';

export type Outcome = 'applied' | 'skipped' | { setAside: SetAside };

/** One op as read from the relay's log (`from`: the hash of the token that posted it). */
export interface LogEntry {
	seq: number;
	body: string;
	from?: string;
}

function parseBody(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

interface Opened {
	op: Op;
	signerId: string;
	signer: SpaceDevice | undefined;
}

/** Finds out who signed, checks the signature over this space, decrypts and decodes. */
async function openOp(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	seq: number,
	envelope: unknown
): Promise<Opened | { setAside: SetAside } | 'skipped'> {
	// Envelopes of the first format (no space in the signature) only where this device had
	// read them before it updated.
	const legacy = seq <= (space.legacyUntil ?? 0);
	const place: Place = { spaceId: space.id, allowLegacy: legacy };
	const problem = versionProblem(envelope, place);
	if (problem) return { setAside: problem };
	const signerId = signerOf(envelope)!;
	const reader = { id: me.deviceId, encryptionKey: me.encryption.privateKey };
	const signer = await db.spaceDevices.get([space.id, signerId]);
	let result;
	if (signer) {
		// A key the signer gave up counts only for what came before it rekeyed.
		result = await open(envelope, reader, fromBase64Url(signingKeyAt(signer, seq)), place);
	} else if (space.joining && signerId === space.joining.deviceId) {
		// Waiting to be admitted: the inviter's key came with the invite.
		result = await open(envelope, reader, fromBase64Url(space.joining.signingKey), place);
	} else {
		// A device answering one of our invites proves it holds the key it presents.
		result = await openSelfSigned(
			envelope,
			reader,
			(payload) => {
				const op = parseOp(payload, legacy);
				return op?.t === 'hello' && op.device.deviceId === signerId
					? fromBase64Url(op.device.signingKey)
					: undefined;
			},
			place
		);
		if (!result.ok && result.problem === 'bad-signature') return { setAside: 'unknown-signer' };
	}
	// Sealed for other readers: not ours to judge.
	if (!result.ok) return result.problem === 'not-for-me' ? 'skipped' : { setAside: result.problem };
	if (signer?.removedAtSeq !== undefined && seq > signer.removedAtSeq)
		return { setAside: 'removed-signer' };
	const decoded = decodeOp(result.payload, legacy);
	if ('problem' in decoded) return { setAside: decoded.problem };
	return { op: decoded.op, signerId, signer: signer && { ...signer, name: signer.payload.name } };
}

/** Applies one op; whatever goes wrong is an outcome, never an exception. */
export async function applyOp(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	memberId: string,
	entry: LogEntry
): Promise<Outcome> {
	try {
		const opened = await openOp(db, space, me, entry.seq, parseBody(entry.body));
		if (opened === 'skipped' || 'setAside' in opened) return opened;
		return await authoriseAndMerge(db, space, me, memberId, entry, opened);
	} catch (error) {
		console.warn('An op could not be applied', error);
		return { setAside: 'failed' };
	}
}

async function authoriseAndMerge(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	memberId: string,
	entry: LogEntry,
	{ op, signerId, signer }: Opened
): Promise<Outcome> {
	switch (op.t) {
		case 'hello':
			if (op.device.deviceId !== signerId) return { setAside: 'invalid' };
			// Only through the relay, and only for the token that really joined: a device
			// cannot claim another token (whose revoke would then leave its own one working).
			if (entry.from === undefined || entry.from !== op.device.tokenHash)
				return { setAside: 'not-allowed' };
			return applyHello(db, space, memberId, op);
		case 'roster':
			// Read again later (a replayed log), the list we started from changes nothing.
			if (!space.joining) return signer ? 'skipped' : { setAside: 'not-allowed' };
			if (signerId !== space.joining.deviceId) return { setAside: 'not-allowed' };
			return applyRoster(db, space, memberId, op);
		case 'admit': {
			// The device waiting to join trusts its own admission by the inviter it compared codes with.
			if (!signer && space.joining?.deviceId === signerId && op.device.deviceId === me.deviceId)
				return applyAdmit(db, space, me, memberId, op, signerId);
			if (!signer) return { setAside: 'unknown-signer' };
			const devices = await devicesOf(db, space.id);
			if (devices.some((d) => d.deviceId === op.device.deviceId)) return 'applied';
			if (admitProblem(signer, { ...op.device, replaces: op.replaces }, devices))
				return { setAside: 'not-allowed' };
			return applyAdmit(db, space, me, memberId, op, signerId);
		}
		case 'remove': {
			if (!signer) return { setAside: 'unknown-signer' };
			const devices = await devicesOf(db, space.id);
			const targets = devices.filter((d) => op.deviceIds.includes(d.deviceId));
			if (targets.some((t) => !mayRemove(signer, t))) return { setAside: 'not-allowed' };
			return applyRemove(db, space, me, memberId, targets, entry.seq);
		}
		case 'rekey': {
			if (!signer) return { setAside: 'unknown-signer' };
			// Only from the log, sent with the device's own token: its place there bounds the
			// old key (a file has no place, and would leave the old key believed for ever).
			if (entry.from === undefined || entry.from !== signer.tokenHash)
				return { setAside: 'not-allowed' };
			if (alreadyTaken(signer, op, entry.seq)) return 'applied';
			if (rekeyProblem(signer, op, await devicesOf(db, space.id)))
				return { setAside: 'not-allowed' };
			return applyRekey(db, space, me, memberId, signer, op, entry.seq);
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

async function applyHello(
	db: KoersDatabase,
	space: SpaceRecord,
	memberId: string,
	op: HelloOp
): Promise<Outcome> {
	const invite = await db.invites.get(op.inviteId);
	if (!invite || invite.spaceId !== space.id) return { setAside: 'not-allowed' };
	// An invite works once: a second answer (or the same one read again) is not used.
	if (invite.status !== 'open') return 'skipped';
	// The role must be the invite's; another device of the same person keeps that person's id.
	if (op.device.role !== invite.role) return { setAside: 'not-allowed' };
	if (invite.ownDevice !== (op.device.memberId === memberId)) return { setAside: 'not-allowed' };
	const { name, ...card } = op.device;
	await db.invites.update(invite.id, {
		status: 'answered',
		answer: { ...card, payload: { name } }
	});
	return 'applied';
}

async function applyRoster(
	db: KoersDatabase,
	space: SpaceRecord,
	memberId: string,
	op: RosterOp
): Promise<Outcome> {
	// Joining is this person's yes to everyone the join screen showed them; anyone else in
	// the roster (added since the invite was made) waits for their yes.
	const listed = new Set(space.joining?.listed ?? []);
	const people = new Set(op.devices.map((d) => d.memberId).filter((id) => id !== memberId));
	// The yeses first: should the app close in between, the roster is read again (joining is
	// still set) and a yes given already is not given twice.
	for (const person of people)
		if (listed.has(person)) await agreeTo(db, space.id, person, 'joined');
	await db.transaction('rw', db.spaces, db.spaceDevices, async () => {
		for (const card of op.devices) {
			const existing = await db.spaceDevices.get([space.id, card.deviceId]);
			if (!existing)
				await db.spaceDevices.put({
					...toDeviceRecord(space.id, card, card.admittedBy),
					...(card.replaces ? { replaces: card.replaces } : {})
				});
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
	memberId: string,
	op: AdmitOp,
	admittedBy: string
): Promise<Outcome> {
	const existing = await db.spaceDevices.get([space.id, op.device.deviceId]);
	if (existing) return 'applied';
	const newcomer = {
		...toDeviceRecord(space.id, op.device, admittedBy),
		...(op.replaces ? { replaces: op.replaces } : {})
	};
	await db.spaceDevices.put(newcomer);
	if (op.device.deviceId !== me.deviceId)
		await queueResend(db, space.id, me, memberId, [newcomer.deviceId]);
	return 'applied';
}

/**
 * Re-sends what these devices may read of this person's shared records and items: to a
 * newly admitted device, or to a person this person just said yes to.
 */
export async function queueResend(
	db: KoersDatabase,
	spaceId: string,
	me: DeviceRecord,
	memberId: string,
	to: readonly string[]
) {
	const [devices, agreed] = await Promise.all([
		devicesOf(db, spaceId),
		agreedBy(db, spaceId, memberId)
	]);
	const createdAt = new Date().toISOString();
	const reaches = (readers: SpaceDevice[]) =>
		readers.map((d) => d.deviceId).filter((id) => to.includes(id));
	const entries = (await db.recordSync.toArray()).flatMap((row) => {
		if (!row.sentVisibility) return [];
		const readers = reaches(readersFor(row.sentVisibility, memberId, devices, me.deviceId, agreed));
		return readers.length ? [{ spaceId, createdAt, recordKey: row.key, to: readers }] : [];
	});
	const items = (await db.spaceItems.where('spaceId').equals(spaceId).toArray()).flatMap((row) => {
		if (row.ownerId !== memberId) return [];
		const readers = reaches(itemReaders(row.audience, memberId, devices, me.deviceId, agreed));
		return readers.length ? [{ spaceId, createdAt, itemKey: row.key, to: readers }] : [];
	});
	if (entries.length + items.length) await db.outbox.bulkAdd([...entries, ...items]);
}

/**
 * A rekey read again (a log read from the start): its keys are the signer's now, or were
 * taken then and given up at a later rekey.
 */
function alreadyTaken(signer: SpaceDevice, op: RekeyOp, seq: number): boolean {
	if (signer.signingKey === op.signingKey) return signer.encryptionKey === op.encryptionKey;
	return (signer.formerKeys ?? []).some((k) => k.signingKey === op.signingKey && k.untilSeq > seq);
}

/**
 * A device took new keys: from here on only they count for it. What this person shares
 * with that device goes again, sealed for its new key: anything sealed for the old one
 * since it rekeyed, it can no longer open.
 */
async function applyRekey(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	memberId: string,
	signer: SpaceDevice,
	op: RekeyOp,
	seq: number
): Promise<Outcome> {
	const formerKeys = [
		...(signer.formerKeys ?? []),
		{ signingKey: signer.signingKey, untilSeq: seq }
	];
	await db.spaceDevices.update([space.id, signer.deviceId], {
		encryptionKey: op.encryptionKey,
		signingKey: op.signingKey,
		formerKeys
	});
	if (signer.deviceId !== me.deviceId)
		await queueResend(db, space.id, me, memberId, [signer.deviceId]);
	return 'applied';
}

async function applyRemove(
	db: KoersDatabase,
	space: SpaceRecord,
	me: DeviceRecord,
	memberId: string,
	targets: SpaceDevice[],
	seq: number
): Promise<Outcome> {
	await db.transaction(
		'rw',
		[db.spaceDevices, db.spaces, db.shared, db.outbox, db.spaceItems],
		async () => {
			for (const target of targets.filter(isActive))
				await db.spaceDevices.update([space.id, target.deviceId], {
					removedAtSeq: seq,
					removedAt: new Date().toISOString()
				});
			if (targets.some((t) => t.deviceId === me.deviceId))
				await forgetSpace(db, space.id, memberId, true);
		}
	);
	return 'applied';
}

/** Keeps an op that was set aside, with its text, to report it and to try it again later. */
export async function reportSetAside(
	db: KoersDatabase,
	spaceId: string,
	entry: LogEntry,
	problem: SetAside,
	appVersion: string
) {
	// The same op read again (the app closed after setting it aside, before it noted that op
	// as read) is one problem, not two. Ops not sent (number 0) are each their own.
	const again =
		entry.seq > 0 &&
		(await db.syncProblems
			.where('spaceId')
			.equals(spaceId)
			.filter((row) => row.seq === entry.seq && row.body === entry.body)
			.first());
	if (again) return void (await db.syncProblems.update(again.id!, { problem, appVersion }));
	await db.syncProblems.add({
		spaceId,
		seq: entry.seq,
		problem,
		at: new Date().toISOString(),
		body: entry.body,
		...(entry.from ? { from: entry.from } : {}),
		appVersion
	});
}

/**
 * Stops syncing a space on this device (it left, or a counsellor's signed removal said so)
 * and removes what others shared in it. What this person wrote in the space stays theirs.
 */
export async function forgetSpace(
	db: KoersDatabase,
	spaceId: string,
	memberId: string,
	removed: boolean
) {
	await db.transaction('rw', [db.spaces, db.shared, db.outbox, db.spaceItems], async () => {
		await db.spaces.update(spaceId, { leftAt: new Date().toISOString(), removed });
		await db.shared.where('spaceId').equals(spaceId).delete();
		await db.spaceItems
			.where('spaceId')
			.equals(spaceId)
			.filter((row) => row.ownerId !== memberId)
			.delete();
		await db.outbox.where('spaceId').equals(spaceId).delete();
	});
}

/** A record of this person written on another of their devices. */
async function applyOwnRecord(db: KoersDatabase, op: RecordOp): Promise<Outcome> {
	const key = recordKey(op.table, op.id);
	const table = ownTable(db, op.table);
	const print = fingerprint(op.record as never, await fingerprintKey(db));
	await db.transaction('rw', [table, db.recordSync, db.statementVersions], async () => {
		const row = await db.recordSync.get(key);
		if (decide(row && { owner: op.owner, stamp: row.stamp }, op) !== 'applied') return;
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

/**
 * The one merge rule (`decide`) for a stored row: write the change, or what to answer
 * instead (an older or the same stamp is already applied; another owner is set aside).
 */
function mergeOutcome(
	current: { ownerId: string; stamp: string } | undefined,
	op: { owner: string; stamp: string }
): 'write' | Outcome {
	const outcome = decide(current && { owner: current.ownerId, stamp: current.stamp }, op);
	if (outcome === 'not-owner') return { setAside: 'not-owner' };
	return outcome === 'applied' ? 'write' : 'applied';
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
		const merge = mergeOutcome(current, op);
		if (merge !== 'write') return merge;
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
		const merge = mergeOutcome(current, op);
		if (merge !== 'write') return merge;
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
