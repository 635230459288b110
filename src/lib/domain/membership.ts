import type { Role } from './profile';
import type { Visibility } from './statements';

/**
 * Who is in a family space and who may read what. Keys are per device: a person (member)
 * can have several devices, and each device is a reader of its own.
 */
export interface SpaceDevice {
	deviceId: string;
	memberId: string;
	role: Role;
	name: string;
	/** Raw X25519 and Ed25519 public keys, base64url. */
	encryptionKey: string;
	signingKey: string;
	tokenHash: string;
	admittedBy: string;
	/** A parent who came back with a new device: the person (member id) they were before. */
	replaces?: string;
	/** Log number from which the device no longer counts (removed, lost or left). */
	removedAtSeq?: number;
	/** Signing keys the device had before it rekeyed: each signs only up to its log number. */
	formerKeys?: FormerKey[];
}

export interface FormerKey {
	signingKey: string;
	untilSeq: number;
}

/**
 * The signing key that may have signed a device's op at this log number: a key it gave up
 * (see `rekeyProblem`) still counts for what came before, never after.
 */
export function signingKeyAt(device: Pick<SpaceDevice, 'signingKey' | 'formerKeys'>, seq: number) {
	const former = (device.formerKeys ?? [])
		.filter((key) => seq > 0 && seq <= key.untilSeq)
		.sort((a, b) => a.untilSeq - b.untilSeq)[0];
	return former?.signingKey ?? device.signingKey;
}

export type RekeyProblem = 'not-a-member' | 'key-in-use' | 'key-used-before';

/**
 * Whether a device may take new keys. Only the device itself asks (the op is signed with its
 * current key), only while it is in the space, and only for keys nobody in the space has
 * or had: a key given up never comes back, and no device takes on another's key.
 */
export function rekeyProblem(
	signer: SpaceDevice | undefined,
	next: { encryptionKey: string; signingKey: string },
	devices: readonly SpaceDevice[]
): RekeyProblem | undefined {
	if (!signer || !isActive(signer)) return 'not-a-member';
	if ((signer.formerKeys ?? []).some((key) => key.signingKey === next.signingKey))
		return 'key-used-before';
	const taken = devices.some(
		(d) =>
			d.deviceId !== signer.deviceId &&
			(d.signingKey === next.signingKey ||
				d.encryptionKey === next.encryptionKey ||
				(d.formerKeys ?? []).some((key) => key.signingKey === next.signingKey))
	);
	return taken ? 'key-in-use' : undefined;
}

export const INVITE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function isActive(device: SpaceDevice): boolean {
	return device.removedAtSeq === undefined;
}

/**
 * The people an author agreed may read what they write in a space, besides their own
 * devices: those in the space when they joined, those they added, and those they said yes
 * to later (see `consents` in space-items.ts). Nobody else decides this for them.
 */
export type Agreed = ReadonlySet<string>;

function mayReadFrom(device: SpaceDevice, ownerId: string, agreed: Agreed): boolean {
	return device.memberId === ownerId || agreed.has(device.memberId);
}

/**
 * A counsellor who was added by a counsellor (or who started the space). Counsellors'
 * notes go only to them: a "counsellor" a parent let in before the rules of who may add
 * whom never reads them.
 */
export function isTrustedCounsellor(device: SpaceDevice, devices: readonly SpaceDevice[]): boolean {
	if (device.role !== 'counsellor') return false;
	if (device.admittedBy === device.deviceId) return true;
	return devices.some((d) => d.deviceId === device.admittedBy && d.role === 'counsellor');
}

/**
 * The devices that may read a record of `ownerId` with this visibility, this device left
 * out (it has the record already). Private records have no readers: they never leave.
 */
export function readersFor(
	visibility: Visibility,
	ownerId: string,
	devices: readonly SpaceDevice[],
	selfDeviceId: string,
	agreed: Agreed
): SpaceDevice[] {
	if (visibility === 'private') return [];
	return devices.filter(
		(d) =>
			isActive(d) &&
			d.deviceId !== selfDeviceId &&
			mayReadFrom(d, ownerId, agreed) &&
			(visibility === 'family' || d.memberId === ownerId || d.role === 'counsellor')
	);
}

/**
 * The devices that may read a family-space item of `ownerId` (see space-items.ts), this
 * device left out. An author's yes to a person is itself readable by everyone (`open`), so
 * the newcomer can see whose yes they still wait for.
 */
export function itemReaders(
	audience: 'everyone' | 'counsellors' | 'open',
	ownerId: string,
	devices: readonly SpaceDevice[],
	selfDeviceId: string,
	agreed: Agreed
): SpaceDevice[] {
	return devices.filter(
		(d) =>
			isActive(d) &&
			d.deviceId !== selfDeviceId &&
			(audience === 'open' || mayReadFrom(d, ownerId, agreed)) &&
			(audience !== 'counsellors' || isTrustedCounsellor(d, devices))
	);
}

export type AdmitProblem =
	'not-a-member' | 'not-a-counsellor' | 'other-person' | 'two-parents' | 'not-returning';

/** The people in a space who are parents with a device now. */
function parentsWithDevice(devices: readonly SpaceDevice[]): Set<string> {
	return new Set(devices.filter((d) => isActive(d) && d.role === 'parent').map((d) => d.memberId));
}

/**
 * Who may let whom in. A person's next device is added only by one of that person's own
 * devices, with that person's role; anyone else new is added only by a counsellor; a family
 * has at most two parents. So a parent can never add a counsellor or a second device of
 * the other parent, and nobody can add a device that speaks for someone else.
 */
export function admitProblem(
	actor: SpaceDevice | undefined,
	card: Pick<SpaceDevice, 'memberId' | 'role' | 'replaces'>,
	devices: readonly SpaceDevice[]
): AdmitProblem | undefined {
	if (!actor || !isActive(actor)) return 'not-a-member';
	// A parent coming back replaces a parent of this space whose devices are all gone.
	if (
		card.replaces !== undefined &&
		!(
			card.role === 'parent' &&
			devices.some((d) => d.memberId === card.replaces && d.role === 'parent') &&
			!devices.some((d) => d.memberId === card.replaces && isActive(d))
		)
	)
		return 'not-returning';
	const known = devices.filter((d) => d.memberId === card.memberId);
	if (known.length > 0)
		return actor.memberId === card.memberId && known.every((d) => d.role === card.role)
			? undefined
			: 'other-person';
	if (actor.role !== 'counsellor') return 'not-a-counsellor';
	if (card.role === 'parent' && parentsWithDevice(devices).size >= 2) return 'two-parents';
	return undefined;
}

/** Devices that could read the record before and may not any more: they get a removal. */
export function lostReaders(
	before: Visibility | undefined,
	after: Visibility | 'gone',
	ownerId: string,
	devices: readonly SpaceDevice[],
	selfDeviceId: string,
	agreed: Agreed
): SpaceDevice[] {
	if (!before) return [];
	const now = new Set(
		after === 'gone'
			? []
			: readersFor(after, ownerId, devices, selfDeviceId, agreed).map((d) => d.deviceId)
	);
	return readersFor(before, ownerId, devices, selfDeviceId, agreed).filter(
		(d) => !now.has(d.deviceId)
	);
}

/**
 * A device may be removed by a counsellor, by another device of the same person (a lost
 * phone) or by itself (leaving). Parents cannot remove each other: in a family in conflict
 * that would be a weapon.
 */
export function mayRemove(actor: SpaceDevice, target: SpaceDevice): boolean {
	return (
		isActive(actor) &&
		(actor.role === 'counsellor' ||
			actor.memberId === target.memberId ||
			actor.deviceId === target.deviceId)
	);
}

export const JOIN_PROBLEMS = [
	'role-mismatch',
	'expired',
	'already-member',
	'parent-elsewhere'
] as const;
export type JoinProblem = (typeof JOIN_PROBLEMS)[number];

/**
 * Whether this device may join with an invite. The role in the invite must be the role of
 * the person on the device; a parent's device shares its items with one family only.
 */
export function checkJoin(
	invite: { role: Role; expiresAt: number; spaceId: string },
	profileRole: Role,
	mySpaces: readonly { id: string; myRole: Role; left: boolean }[],
	now: number
): JoinProblem | undefined {
	if (invite.expiresAt <= now) return 'expired';
	if (invite.role !== profileRole) return 'role-mismatch';
	const current = mySpaces.filter((s) => !s.left);
	if (current.some((s) => s.id === invite.spaceId)) return 'already-member';
	if (profileRole === 'parent' && current.length > 0) return 'parent-elsewhere';
	return undefined;
}

/** Six digits in two groups, from the first bytes of a hash both devices compute. */
export function formatSafetyCode(hash: Uint8Array): string {
	const value = ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
	const digits = String(value % 1_000_000).padStart(6, '0');
	return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** The people in a space, each with their devices, counsellors after parents. */
export function membersOf(devices: readonly SpaceDevice[]) {
	const people = new Map<
		string,
		{ memberId: string; name: string; role: Role; devices: SpaceDevice[] }
	>();
	for (const device of devices.filter(isActive)) {
		const person = people.get(device.memberId) ?? {
			memberId: device.memberId,
			name: device.name,
			role: device.role,
			devices: []
		};
		person.devices.push(device);
		people.set(device.memberId, person);
	}
	return [...people.values()].sort(
		(a, b) =>
			Number(a.role === 'counsellor') - Number(b.role === 'counsellor') ||
			a.name.localeCompare(b.name)
	);
}

/**
 * A counsellor may add a parent who has no device, by name, for the conversation; a family
 * has two parents, so only while fewer than two are known.
 */
export function mayAddParentInRoom(parentsKnown: number): boolean {
	return parentsKnown < 2;
}
