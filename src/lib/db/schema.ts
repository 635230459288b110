import type { Role } from '$lib/domain/profile';
import type { Audience, SpaceTable } from '$lib/domain/space-items';
import type { Fit } from '$lib/domain/reflections';
import type { StatementKind, Theme, Visibility } from '$lib/domain/statements';

export const DATABASE_NAME = 'koers';

/** Our own schema number, also written into the database as a marker (see schema-check.ts). */
export const SCHEMA_VERSION = 6;
export const MARKER_KEY = 'schema';
export const MARKER_APP = 'koers';
/** The app lock's record in `meta` (see lock/code-key.ts), when the lock is on. */
export const LOCK_KEY = 'lock';
/** When this device last made a backup (in `meta`). */
export const LAST_BACKUP_KEY = 'lastBackup';

/**
 * Index definitions per schema version. Only ids, owner, kind, theme, visibility and
 * timestamps are indexed: everything a person wrote lives in `payload`, which the
 * repositories can later encrypt in one place (app lock).
 */
const V3 = {
	meta: 'key',
	profile: 'id',
	drafts: 'id, updatedAt',
	children: 'id, updatedAt, deletedAt',
	statements: 'id, kind, theme, visibility, updatedAt, deletedAt',
	statementVersions: 'id, statementId, savedAt'
} as const;
const V4 = {
	...V3,
	reflections: 'id, date, visibility, updatedAt, deletedAt',
	settings: 'key'
} as const;
const V5 = {
	...V4,
	device: 'id',
	spaces: 'id',
	spaceDevices: '[spaceId+deviceId], spaceId',
	invites: 'id, spaceId',
	outbox: '++seq, spaceId',
	recordSync: 'key',
	shared: 'key, spaceId',
	syncProblems: '++id, spaceId'
} as const;

/** Each version lists every table it has (written as what it adds to the one before). */
export const SCHEMA = {
	1: { meta: 'key', profile: 'id' },
	2: { meta: 'key', profile: 'id', drafts: 'id, updatedAt' },
	3: V3,
	4: V4,
	5: V5,
	6: { ...V5, spaceItems: 'key, spaceId, pending' }
} as const;

export interface SchemaMarker {
	app: typeof MARKER_APP;
	version: number;
}

export interface MetaRecord {
	key: string;
	value: unknown;
}

/** The profile of this device's user; there is one, with id "me". */
export interface ProfileRecord {
	id: 'me';
	/** This person's own id: the owner of every record they write. Added in version 3. */
	memberId: string;
	role: Role;
	createdAt: string;
	updatedAt: string;
	payload: { name: string };
}

/** Version 1 kept the name beside the role; kept here only to describe the upgrade. */
export interface ProfileRecordV1 {
	id: 'me';
	name: string;
	role: Role;
	createdAt: string;
	updatedAt: string;
}

/** Unsaved text of a form field, so nothing typed is lost on reload, crash or update. */
export interface DraftRecord {
	id: string;
	updatedAt: string;
	payload: { text: string };
}

export interface ChildRecord {
	id: string;
	ownerId: string;
	createdAt: string;
	updatedAt: string;
	deletedAt?: string;
	payload: { name: string; birthYear?: number };
}

export interface StatementRecord {
	id: string;
	ownerId: string;
	kind: StatementKind;
	theme: Theme;
	visibility: Visibility;
	order: number;
	createdAt: string;
	updatedAt: string;
	deletedAt?: string;
	payload: { text: string; childIds: string[]; pictogram?: string };
}

export interface StatementVersionRecord {
	id: string;
	statementId: string;
	savedAt: string;
	payload: { text: string };
}

/** A reflection; the fit answer is kept with the words, as it is just as personal. */
export interface ReflectionRecord {
	id: string;
	ownerId: string;
	date: string;
	visibility: Visibility;
	createdAt: string;
	updatedAt: string;
	deletedAt?: string;
	payload: {
		statementIds: string[];
		fit?: Fit;
		note: string;
		happened: string;
		did: string;
		nextTime: string;
		pictogram?: string;
	};
}

/** The person's own settings that hold what they chose or wrote (next conversation, notes). */
export interface SettingRecord {
	key: string;
	payload: unknown;
}

/**
 * This device's identity: `this` for the device (it holds the clock), and `space:<id>` for
 * its identity in one family space. Keys never leave it (not extractable).
 */
export interface DeviceRecord {
	id: string;
	deviceId: string;
	encryption: CryptoKeyPair;
	signing: CryptoKeyPair;
	/** Raw public keys, base64url. */
	encryptionPublic: string;
	signingPublic: string;
	/** The last hybrid logical clock stamp this device made or saw (on `this` only). */
	clock: string;
	/** The key of this device's sync fingerprints (on `this` only; see sync/records.ts). */
	printKey?: string;
}

/** Private keys as PKCS #8 bytes (base64url), to be sealed with the app lock. */
export interface SecretKeys {
	encryption: string;
	signing: string;
}

/**
 * An identity as it is stored: without the lock, its private keys are CryptoKeys that were
 * made not extractable; with the lock on they are bytes the lock seals (`secretKeys`), since
 * the browser keeps a CryptoKey in its files unsealed. See sync/device-keys.ts.
 */
export type StoredDeviceRecord = Omit<DeviceRecord, 'encryption' | 'signing'> &
	Partial<Pick<DeviceRecord, 'encryption' | 'signing'>> & { secretKeys?: SecretKeys };

/** A family space this device belongs to (or was in). */
export interface SpaceRecord {
	id: string;
	myRole: Role;
	/** This device's relay token for the space; only its hash is known to the relay. */
	token: string;
	/** The highest log number this device has applied. */
	lastSeq: number;
	/** A fingerprint of that op: a relay that no longer has it lost data (see the engine). */
	lastMark?: string;
	/** The number and fingerprint of the last op this device sent, checked the same way. */
	lastSent?: { seq: number; mark: string };
	joinedAt: string;
	/** Set when this device left or was removed: it no longer syncs. */
	leftAt?: string;
	removed?: boolean;
	/**
	 * While joining: the inviting device, whose admission this device waits for, and the
	 * people the join screen showed (joining is this person's yes to them).
	 */
	joining?: {
		deviceId: string;
		signingKey: string;
		safetyCode: string;
		inviteId: string;
		listed?: string[];
	};
	/**
	 * Log numbers up to which envelopes of the first format (no space in the signature) are
	 * believed: what the device had read before it took on the trust rules (see
	 * sync/trust-upgrade.ts). Not set yet: the space still has to take them on.
	 */
	legacyUntil?: number;
	/**
	 * When the relay last said this device's token is no member (revoked, or a relay that
	 * lost its data). Nothing is deleted: the device keeps everything and says so.
	 */
	refusedAt?: string;
	/** When the relay's numbers went back (a restored backup, a new relay) and we sent again. */
	relayResetAt?: string;
	/**
	 * How much the family's space holds on the relay, of its quota (bytes), as last heard;
	 * `fullAt`: since when the relay refuses what this device sends because it is full.
	 */
	relayUse?: { used: number; quota: number; fullAt?: string };
	payload: { name: string };
}

/** A device in a space, as the signed member list says (see domain/membership.ts). */
export interface SpaceDeviceRecord {
	spaceId: string;
	deviceId: string;
	memberId: string;
	role: Role;
	encryptionKey: string;
	signingKey: string;
	tokenHash: string;
	admittedBy: string;
	/** When this device learnt that it was let in. */
	admittedAt?: string;
	/** A parent who came back with a new device: the person (member id) they were before. */
	replaces?: string;
	removedAtSeq?: number;
	/** Signing keys it gave up when it rekeyed, each with the last log number it signs. */
	formerKeys?: { signingKey: string; untilSeq: number }[];
	/** When this device learnt that the device was taken out (or left). */
	removedAt?: string;
	payload: { name: string };
}

/** An invite this device made (the relay only knows the secret's hash). */
export interface InviteRecord {
	id: string;
	spaceId: string;
	role: Role;
	/** Set when the invite is for another device of the person on this device. */
	ownDevice: boolean;
	/** A parent coming back with a new device (their old one lost): the person they replace. */
	replaces?: string;
	/** Kept on this device only, to show the safety code after a reload. */
	secret: string;
	secretHash: string;
	createdAt: string;
	expiresAt: string;
	status: 'open' | 'answered' | 'admitted' | 'refused';
	safetyCode?: string;
	/** The device that answered, waiting to be admitted after the codes are compared. */
	answer?: Omit<SpaceDeviceRecord, 'spaceId' | 'removedAtSeq' | 'admittedBy'>;
}

/** A sealed op waiting to be sent (membership changes and re-sends to one new reader). */
export interface OutboxRecord {
	seq?: number;
	spaceId: string;
	createdAt: string;
	/** A ready envelope (JSON), or a record to seal for some devices when sending. */
	body?: string;
	recordKey?: string;
	/** An item of this person's in the space, to seal for `to` (a newcomer). */
	itemKey?: string;
	to?: string[];
}

/**
 * What this device last stamped and sent of one of its own shared records: a record whose
 * content differs from `fingerprint` has changed and needs a new stamp; one whose
 * `sentFingerprint` differs from `fingerprint` still waits to be sent.
 */
export interface RecordSyncRecord {
	key: string;
	stamp: string;
	fingerprint: string;
	sentFingerprint?: string;
	sentVisibility?: Visibility;
	/** When it was last sent: while its author types, it goes at most once a minute. */
	sentAt?: string;
}

/** A record another member shared with this device. */
export interface SharedRecord {
	key: string;
	spaceId: string;
	table: string;
	id: string;
	ownerId: string;
	stamp: string;
	visibility: Visibility;
	receivedAt: string;
	/** A removal (un-shared or deleted): kept without content, so older copies stay out. */
	removed?: boolean;
	payload: Record<string, unknown>;
}

/**
 * An op that was set aside: it could not be opened, verified, decoded or authorised. Its
 * text is kept (`body`), so it is tried again after the app updates (an op from a newer
 * Koers then applies); never silently dropped.
 */
export interface SyncProblemRecord {
	id?: number;
	spaceId: string;
	seq: number;
	problem: string;
	at: string;
	body?: string;
	/** Hash of the token that posted it, as the relay said. */
	from?: string;
	/** The Koers version that set it aside. */
	appVersion?: string;
}

/**
 * Something written together in a family space (agenda item, agreement version,
 * confirmation, note, ...), by this person or another member. Only its owner changes it.
 */
export interface SpaceItemRecord {
	/** `${spaceId}|${table}/${ownerId}/${id}` */
	key: string;
	spaceId: string;
	table: SpaceTable;
	id: string;
	ownerId: string;
	stamp: string;
	audience: Audience;
	/** 1 while a change made on this device waits to be sent. */
	pending: 0 | 1;
	/** Withdrawn by its owner: kept without content, so older copies stay out. */
	removed?: boolean;
	payload: Record<string, unknown>;
}
