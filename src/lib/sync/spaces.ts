import type { KoersDatabase } from '$lib/db/database';
import type { InviteRecord, SpaceRecord } from '$lib/db/schema';
import type { Role } from '$lib/domain/profile';
import { INVITE_LIFETIME_MS, checkJoin, isActive, type JoinProblem } from '$lib/domain/membership';
import { randomId, safetyCode, sha256Hex, thisDevice } from './device';
import type { Invite } from './invite-link';
import type { DeviceCard } from './ops';
import { forgetSpace, queueResend } from './apply';
import { createSpaceOnRelay, joinOnRelay, registerInvite, revokeOnRelay } from './relay-client';
import { devicesOf, sealOp, toCard, toDeviceRecord } from './roster';

/**
 * Making a family space, inviting, joining, admitting and removing. Each step that others
 * must know about becomes a signed op in the outbox; the relay only learns token hashes.
 */
async function me(db: KoersDatabase) {
	const [device, profile] = await Promise.all([thisDevice(db), db.profile.get('me')]);
	if (!profile) throw new Error('A profile is needed first');
	return { device, profile };
}

async function myCard(db: KoersDatabase, token: string): Promise<DeviceCard> {
	const { device, profile } = await me(db);
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
	const { profile } = await me(db);
	const id = randomId();
	const token = randomId(32);
	await createSpaceOnRelay(id, token);
	const card = await myCard(db, token);
	const space: SpaceRecord = {
		id,
		myRole: profile.role,
		token,
		lastSeq: 0,
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
	now = Date.now()
): Promise<Invite> {
	const { device, profile } = await me(db);
	const secret = randomId(32);
	const inviteId = randomId();
	const expiresAt = now + INVITE_LIFETIME_MS;
	const secretHash = await sha256Hex(secret);
	await registerInvite(space.id, space.token, secretHash, new Date(expiresAt));
	const record: InviteRecord = {
		id: inviteId,
		spaceId: space.id,
		role: ownDevice ? profile.role : role,
		ownDevice,
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
		}
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
	const { device, profile } = await me(db);
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
	const token = randomId(32);
	const card = await myCard(db, token);
	const hello = await sealOp(device, { t: 'hello', inviteId: invite.inviteId, device: card }, [
		{ deviceId: invite.inviter.deviceId, encryptionKey: invite.inviter.encryptionKey }
	]);
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
		joinedAt: new Date(now).toISOString(),
		joining: {
			deviceId: invite.inviter.deviceId,
			signingKey: invite.inviter.signingKey,
			safetyCode: code,
			inviteId: invite.inviteId
		},
		payload: { name: '' }
	};
	await db.spaces.put(space);
	return { ok: true, space };
}

/** The code the inviting device shows once the new device has answered. */
export async function inviteSafetyCode(db: KoersDatabase, invite: InviteRecord) {
	const device = await thisDevice(db);
	return safetyCode(invite.secret, device.signingPublic, invite.answer!.signingKey);
}

/** The codes matched: the new device is let in and gets the member list. */
export async function admit(db: KoersDatabase, space: SpaceRecord, invite: InviteRecord) {
	const device = await thisDevice(db);
	const { payload, ...rest } = invite.answer!;
	const card: DeviceCard = { ...rest, name: payload.name };
	const devices = (await devicesOf(db, space.id)).filter(isActive);
	const everyone = [...devices.filter((d) => d.deviceId !== device.deviceId), card];
	const admitBody = await sealOp(device, { t: 'admit', device: card }, everyone);
	const rosterBody = await sealOp(
		device,
		{
			t: 'roster',
			spaceName: space.payload.name,
			devices: devices.map((d) => ({ ...toCard(d), admittedBy: d.admittedBy }))
		},
		[card]
	);
	const createdAt = new Date().toISOString();
	await db.transaction('rw', db.outbox, db.invites, db.spaceDevices, async () => {
		await db.outbox.bulkAdd([
			{ spaceId: space.id, createdAt, body: admitBody },
			{ spaceId: space.id, createdAt, body: rosterBody }
		]);
		await db.spaceDevices.put(toDeviceRecord(space.id, card, device.deviceId));
		await db.invites.update(invite.id, { status: 'admitted' });
	});
	await queueResend(db, space.id, device, card.deviceId);
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
	const device = await thisDevice(db);
	const devices = await devicesOf(db, space.id);
	const targets = devices.filter((d) => deviceIds.includes(d.deviceId) && isActive(d));
	for (const target of targets) await revokeOnRelay(space.id, space.token, target.tokenHash);
	const remaining = devices.filter(
		(d) => isActive(d) && !deviceIds.includes(d.deviceId) && d.deviceId !== device.deviceId
	);
	if (remaining.length) {
		const body = await sealOp(device, { t: 'remove', deviceIds }, remaining);
		await db.outbox.add({ spaceId: space.id, createdAt: new Date().toISOString(), body });
	}
	await db.transaction('rw', db.spaceDevices, async () => {
		for (const target of targets)
			await db.spaceDevices.update([space.id, target.deviceId], { removedAtSeq: space.lastSeq });
	});
}

/** This device leaves: the others are told first, then its token is given up. */
export async function leaveSpace(db: KoersDatabase, space: SpaceRecord, send: () => Promise<void>) {
	const device = await thisDevice(db);
	const devices = (await devicesOf(db, space.id)).filter(
		(d) => isActive(d) && d.deviceId !== device.deviceId
	);
	if (devices.length) {
		const body = await sealOp(device, { t: 'remove', deviceIds: [device.deviceId] }, devices);
		await db.outbox.add({ spaceId: space.id, createdAt: new Date().toISOString(), body });
		await send();
	}
	await revokeOnRelay(space.id, space.token, await sha256Hex(space.token)).catch(() => undefined);
	await forgetSpace(db, space.id, false);
}
