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
	/** What the join screen shows: the family, who invites, and who is in it now. */
	spaceName?: string;
	inviterName?: string;
	members?: InvitedMember[];
}

export interface InvitedMember {
	memberId: string;
	name: string;
	role: Role;
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
		2,
		invite.inviteId,
		invite.spaceId,
		invite.secret,
		invite.role,
		invite.memberId ?? '',
		invite.expiresAt,
		invite.inviter.deviceId,
		invite.inviter.encryptionKey,
		invite.inviter.signingKey,
		invite.spaceName ?? '',
		invite.inviterName ?? '',
		(invite.members ?? []).map((m) => [m.memberId, m.role, m.name])
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
	// Version 1 links (without the family's name and people) still work while they are valid.
	if (
		!Array.isArray(parts) ||
		!((parts.length === 10 && parts[0] === 1) || (parts.length === 13 && parts[0] === 2))
	)
		return undefined;
	const [, inviteId, spaceId, secret, role, memberId, expiresAt, deviceId, encKey, signKey] =
		parts as unknown[];
	const [spaceName = '', inviterName = '', people = []] = parts.slice(10) as unknown[];
	const members = readMembers(people);
	if (!members || !isName(spaceName) || !isName(inviterName)) return undefined;
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
		},
		...(spaceName ? { spaceName } : {}),
		...(inviterName ? { inviterName } : {}),
		...(parts[0] === 2 ? { members } : {})
	};
}

const isName = (v: unknown): v is string => typeof v === 'string' && [...v].length <= 120;

function readMembers(value: unknown): InvitedMember[] | undefined {
	if (!Array.isArray(value) || value.length > 20) return undefined;
	const members: InvitedMember[] = [];
	for (const entry of value) {
		if (!Array.isArray(entry) || entry.length !== 3) return undefined;
		const [memberId, role, name] = entry as unknown[];
		if (typeof memberId !== 'string' || !ID.test(memberId) || !isRole(role) || !isName(name))
			return undefined;
		members.push({ memberId, role, name });
	}
	return members;
}
