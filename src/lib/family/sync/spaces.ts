import type { KoersDatabase } from '$lib/db/database';
import type { InviteRecord, SpaceRecord } from '$lib/db/schema';
import type { Role } from '$lib/domain/profile';
import {
	INVITE_LIFETIME_MS,
	admitProblem,
	checkJoin,
	membersOf,
	isActive,
	type AdmitProblem,
	type JoinProblem
} from '$lib/domain/membership';
import { deviceFor, newIdentity, randomId, safetyCode, sha256Hex } from './device';
import type { Invite } from './invite-link';
import type { DeviceCard } from './ops';
import { forgetSpace, queueResend } from './apply';
import { agreeTo } from './items';
import {
	RelayError,
	createSpaceOnRelay,
	joinOnRelay,
	registerInvite,
	revokeOnRelay
} from './relay-client';
import { devicesOf, sealOp, toCard, toDeviceRecord } from './roster';

/**
 * Making a family space, inviting, joining, admitting and removing. Each step that others
 * must know about becomes a signed op in the outbox; the relay only learns token hashes.
 */
async function me(db: KoersDatabase, spaceId: string) {
	const [device, profile] = await Promise.all([deviceFor(db, spaceId), db.profile.get('me')]);
	if (!profile) throw new Error('A profile is needed first');
	return { device, profile };
}

async function myCard(db: KoersDatabase, spaceId: string, token: string): Promise<DeviceCard> {
	const { device, profile } = await me(db, spaceId);
	return {
		deviceId: device.deviceId,
		memberId: profile.memberId,
		role: profile.role,
		name: profile.payload.name,
		encryptionKey: device.encryptionPublic,
		signingKey: device.signingPublic,
		tokenHash: await sha256Hex(token)
	};
}

export async function createSpace(db: KoersDatabase, name: string): Promise<SpaceRecord> {
	const id = randomId();
	await newIdentity(db, id);
	const { profile } = await me(db, id);
	const token = randomId(32);
	await createSpaceOnRelay(id, token);
	const card = await myCard(db, id, token);
	const space: SpaceRecord = {
		id,
		myRole: profile.role,
		token,
		lastSeq: 0,
		legacyUntil: 0,
		joinedAt: new Date().toISOString(),
		payload: { name }
	};
	await db.transaction('rw', db.spaces, db.spaceDevices, async () => {
		await db.spaces.add(space);
		await db.spaceDevices.add(toDeviceRecord(id, card, card.deviceId));
	});
	return space;
}

/** Makes an invite (registered with the relay by its hash) and returns it for the link. */
export async function createInvite(
	db: KoersDatabase,
	space: SpaceRecord,
	role: Role,
	ownDevice: boolean,
	now = Date.now(),
	replaces?: string
): Promise<Invite> {
	const { device, profile } = await me(db, space.id);
	// Only a counsellor adds other people; a parent adds only their own next device.
	if (profile.role !== 'counsellor' && !ownDevice)
		throw new Error('A parent can only invite their own device');
	const secret = randomId(32);
	const inviteId = randomId();
	const expiresAt = now + INVITE_LIFETIME_MS;
	const secretHash = await sha256Hex(secret);
	const forRole = ownDevice ? profile.role : role;
	// A counsellor's device may end anyone's access at the relay; a parent's only its own.
	const admin = profile.role === 'counsellor' && forRole === 'counsellor';
	await registerInvite(space.id, space.token, secretHash, new Date(expiresAt), admin);
	const record: InviteRecord = {
		id: inviteId,
		spaceId: space.id,
		role: forRole,
		ownDevice,
		...(replaces ? { replaces } : {}),
		secret,
		secretHash,
		createdAt: new Date(now).toISOString(),
		expiresAt: new Date(expiresAt).toISOString(),
		status: 'open'
	};
	await db.invites.add(record);
	return {
		inviteId,
		spaceId: space.id,
		secret,
		role: record.role,
		...(ownDevice ? { memberId: profile.memberId } : {}),
		expiresAt,
		inviter: {
			deviceId: device.deviceId,
			encryptionKey: device.encryptionPublic,
			signingKey: device.signingPublic
		},
		spaceName: space.payload.name,
		inviterName: profile.payload.name,
		members: membersOf(await devicesOf(db, space.id)).map(({ memberId, name, role }) => ({
			memberId,
			name,
			role
		}))
	};
}

export type JoinResult =
	{ ok: true; space: SpaceRecord } | { ok: false; problem: JoinProblem | string };

/**
 * Answers an invite from this device: a new relay token, and a hello sealed for the
 * inviting device. The space then waits for the inviter to compare codes and admit us.
 */
export async function joinSpace(
	db: KoersDatabase,
	invite: Invite,
	now = Date.now()
): Promise<JoinResult> {
	const profile = await db.profile.get('me');
	if (!profile) throw new Error('A profile is needed first');
	const spaces = await db.spaces.toArray();
	const problem = checkJoin(
		invite,
		profile.role,
		spaces.map((s) => ({ id: s.id, myRole: s.myRole, left: Boolean(s.leftAt) })),
		now
	);
	if (problem) return { ok: false, problem };
	// Another device of the same person takes that person's id, so it owns their records.
	if (invite.memberId && invite.memberId !== profile.memberId)
		await db.profile.update('me', { memberId: invite.memberId });
	// A fresh identity for this space, also when this device was in it before.
	const device = await newIdentity(db, invite.spaceId);
	const token = randomId(32);
	const card = await myCard(db, invite.spaceId, token);
	const hello = await sealOp(
		device,
		invite.spaceId,
		{ t: 'hello', inviteId: invite.inviteId, device: card },
		[{ deviceId: invite.inviter.deviceId, encryptionKey: invite.inviter.encryptionKey }]
	);
	const code = await safetyCode(invite.secret, invite.inviter.signingKey, device.signingPublic);
	try {
		await joinOnRelay(invite.spaceId, invite.secret, token, hello);
	} catch (error) {
		return { ok: false, problem: (error as { code?: string }).code ?? 'offline' };
	}
	const space: SpaceRecord = {
		id: invite.spaceId,
		myRole: profile.role,
		token,
		lastSeq: 0,
		legacyUntil: 0,
		joinedAt: new Date(now).toISOString(),
		joining: {
			deviceId: invite.inviter.deviceId,
			signingKey: invite.inviter.signingKey,
			safetyCode: code,
			inviteId: invite.inviteId,
			listed: (invite.members ?? []).map((m) => m.memberId)
		},
		payload: { name: '' }
	};
	await db.spaces.put(space);
	return { ok: true, space };
}

/**
 * A counsellor's invite for a parent who lost their only device: the new device comes in as
 * a new person who was that parent (everyone sees it, and says yes to them like to anyone
 * new). What they wrote comes back from their own backup, never from the old device's keys.
 */
export async function createReturnInvite(
	db: KoersDatabase,
	space: SpaceRecord,
	replaces: string,
	now = Date.now()
): Promise<Invite> {
	return createInvite(db, space, 'parent', false, now, replaces);
}

/** The code the inviting device shows once the new device has answered. */
export async function inviteSafetyCode(db: KoersDatabase, invite: InviteRecord) {
	const device = await deviceFor(db, invite.spaceId);
	return safetyCode(invite.secret, device.signingPublic, invite.answer!.signingKey);
}

/** The codes matched: the new device is let in and gets the member list. */
export async function admit(db: KoersDatabase, space: SpaceRecord, invite: InviteRecord) {
	const { device, profile } = await me(db, space.id);
	const { payload, ...rest } = invite.answer!;
	const card: DeviceCard = { ...rest, name: payload.name };
	const { replaces } = invite;
	// The old devices of a parent coming back are taken out first (a lost phone).
	if (replaces) {
		const old = (await devicesOf(db, space.id)).filter(
			(d) => d.memberId === replaces && isActive(d)
		);
		if (old.length)
			await removeDevices(
				db,
				space,
				old.map((d) => d.deviceId)
			);
	}
	const all = await devicesOf(db, space.id);
	const problem = admitProblem(
		all.find((d) => d.deviceId === device.deviceId),
		{ ...card, replaces },
		all
	);
	if (problem) throw new AdmitRefused(problem);
	const devices = all.filter(isActive);
	const everyone = [...devices.filter((d) => d.deviceId !== device.deviceId), card];
	const admitBody = await sealOp(
		device,
		space.id,
		{ t: 'admit', device: card, ...(replaces ? { replaces } : {}) },
		everyone
	);
	const rosterBody = await sealOp(
		device,
		space.id,
		{
			t: 'roster',
			spaceName: space.payload.name,
			devices: devices.map((d) => ({
				...toCard(d),
				admittedBy: d.admittedBy,
				...(d.replaces ? { replaces: d.replaces } : {})
			}))
		},
		[card]
	);
	const createdAt = new Date().toISOString();
	await db.transaction('rw', db.outbox, db.invites, db.spaceDevices, async () => {
		await db.outbox.bulkAdd([
			{ spaceId: space.id, createdAt, body: admitBody },
			{ spaceId: space.id, createdAt, body: rosterBody }
		]);
		await db.spaceDevices.put({
			...toDeviceRecord(space.id, card, device.deviceId),
			...(replaces ? { replaces } : {})
		});
		await db.invites.update(invite.id, { status: 'admitted' });
	});
	// Letting someone in is this person's yes to them.
	if (card.memberId !== profile.memberId) await agreeTo(db, space.id, card.memberId, 'added');
	await queueResend(db, space.id, device, profile.memberId, [card.deviceId]);
}

/** Why this device may not let the answering device in (see `admitProblem`). */
export class AdmitRefused extends Error {
	constructor(readonly problem: AdmitProblem) {
		super(problem);
	}
}

/** The codes did not match (or the inviter changed their mind): the answering token is cut off. */
export async function refuse(db: KoersDatabase, space: SpaceRecord, invite: InviteRecord) {
	if (invite.answer) await revokeOnRelay(space.id, space.token, invite.answer.tokenHash);
	await db.invites.update(invite.id, { status: 'refused' });
}

/**
 * Takes devices out: the relay stops accepting their tokens at once, and everyone left is
 * told, so nothing shared afterwards is sealed for them.
 */
export async function removeDevices(db: KoersDatabase, space: SpaceRecord, deviceIds: string[]) {
	const device = await deviceFor(db, space.id);
	const devices = await devicesOf(db, space.id);
	const targets = devices.filter((d) => deviceIds.includes(d.deviceId) && isActive(d));
	for (const target of targets)
		await revokeOnRelay(space.id, space.token, target.tokenHash).catch((error: unknown) => {
			// The relay lets a parent's device end only its own tokens and those it invited; the
			// signed removal below still tells every member, so nothing is sealed for it again.
			const code = error instanceof RelayError ? error.code : undefined;
			if (code !== 'not-allowed' && code !== 'token-unknown') throw error;
		});
	const remaining = devices.filter(
		(d) => isActive(d) && !deviceIds.includes(d.deviceId) && d.deviceId !== device.deviceId
	);
	if (remaining.length) {
		const body = await sealOp(device, space.id, { t: 'remove', deviceIds }, remaining);
		await db.outbox.add({ spaceId: space.id, createdAt: new Date().toISOString(), body });
	}
	await db.transaction('rw', db.spaceDevices, async () => {
		for (const target of targets)
			await db.spaceDevices.update([space.id, target.deviceId], {
				removedAtSeq: space.lastSeq,
				removedAt: new Date().toISOString()
			});
	});
}

/** This device leaves: the others are told first, then its token is given up. */
export async function leaveSpace(db: KoersDatabase, space: SpaceRecord, send: () => Promise<void>) {
	const device = await deviceFor(db, space.id);
	const devices = (await devicesOf(db, space.id)).filter(
		(d) => isActive(d) && d.deviceId !== device.deviceId
	);
	if (devices.length) {
		const body = await sealOp(
			device,
			space.id,
			{ t: 'remove', deviceIds: [device.deviceId] },
			devices
		);
		await db.outbox.add({ spaceId: space.id, createdAt: new Date().toISOString(), body });
		await send();
	}
	await revokeOnRelay(space.id, space.token, await sha256Hex(space.token)).catch(() => undefined);
	await forgetSpace(db, space.id, (await me(db, space.id)).profile.memberId, false);
}

/**
 * This person says yes to someone who came into the space after them: from now on what
 * they share (at the levels that person may read) is sealed for them too, and what was
 * shared before is sent to them once.
 */
export async function agreeToPerson(db: KoersDatabase, space: SpaceRecord, memberId: string) {
	const { device, profile } = await me(db, space.id);
	await agreeTo(db, space.id, memberId, 'asked');
	const theirs = (await devicesOf(db, space.id))
		.filter((d) => d.memberId === memberId && isActive(d))
		.map((d) => d.deviceId);
	await queueResend(db, space.id, device, profile.memberId, theirs);
}
