import { isRole, type Role } from '$lib/domain/profile';

/**
 * An invite travels as a link whose fragment (never sent to any server) carries everything
 * the new device needs: the space, a one-time secret, and the inviting device's public keys,
 * so the answer can be sealed for it and the admission checked as coming from it.
 */
export interface Invite {
	inviteId: string;
	spaceId: string;
	secret: string;
	role: Role;
	/** Set when the invite is for another device of the same person. */
	memberId?: string;
	expiresAt: number;
	inviter: { deviceId: string; encryptionKey: string; signingKey: string };
}

export const JOIN_PATH = '/gezin/deelnemen';
/** Who an invite can be for, as offered on screen. */
export const INVITE_KINDS = ['parent', 'counsellor', 'ownDevice'] as const;
/** Why joining can fail at the relay (or without it), each with its own message. */
export const JOIN_REFUSALS = [
	'invite-used',
	'invite-expired',
	'invite-unknown',
	'offline'
] as const;
const PREFIX = '#uitnodiging=';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function inviteLink(origin: string, invite: Invite): string {
	const compact = [
		1,
		invite.inviteId,
		invite.spaceId,
		invite.secret,
		invite.role,
		invite.memberId ?? '',
		invite.expiresAt,
		invite.inviter.deviceId,
		invite.inviter.encryptionKey,
		invite.inviter.signingKey
	];
	return `${origin}${JOIN_PATH}${PREFIX}${encodeURIComponent(JSON.stringify(compact))}`;
}

/** Reads an invite from a link or a fragment; undefined for anything else. */
export function readInvite(linkOrHash: string): Invite | undefined {
	const at = linkOrHash.indexOf(PREFIX);
	if (at < 0) return undefined;
	let parts: unknown;
	try {
		parts = JSON.parse(decodeURIComponent(linkOrHash.slice(at + PREFIX.length)));
	} catch {
		return undefined;
	}
	if (!Array.isArray(parts) || parts.length !== 10 || parts[0] !== 1) return undefined;
	const [, inviteId, spaceId, secret, role, memberId, expiresAt, deviceId, encKey, signKey] =
		parts as unknown[];
	const ids = [inviteId, spaceId, secret, deviceId, encKey, signKey];
	if (!ids.every((v) => typeof v === 'string' && ID.test(v))) return undefined;
	if (!isRole(role) || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))
		return undefined;
	if (memberId !== '' && !(typeof memberId === 'string' && ID.test(memberId))) return undefined;
	return {
		inviteId: inviteId as string,
		spaceId: spaceId as string,
		secret: secret as string,
		role,
		...(memberId ? { memberId: memberId as string } : {}),
		expiresAt,
		inviter: {
			deviceId: deviceId as string,
			encryptionKey: encKey as string,
			signingKey: signKey as string
		}
	};
}
