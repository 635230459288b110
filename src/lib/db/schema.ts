import type { Role } from '$lib/domain/profile';
import type { Fit } from '$lib/domain/reflections';
import type { StatementKind, Theme, Visibility } from '$lib/domain/statements';

export const DATABASE_NAME = 'koers';

/** Our own schema number, also written into the database as a marker (see schema-check.ts). */
export const SCHEMA_VERSION = 4;
export const MARKER_KEY = 'schema';
export const MARKER_APP = 'koers';

/**
 * Index definitions per schema version. Only ids, owner, kind, theme, visibility and
 * timestamps are indexed: everything a person wrote lives in `payload`, which the
 * repositories can later encrypt in one place (app lock).
 */
export const SCHEMA = {
	1: { meta: 'key', profile: 'id' },
	2: { meta: 'key', profile: 'id', drafts: 'id, updatedAt' },
	3: {
		meta: 'key',
		profile: 'id',
		drafts: 'id, updatedAt',
		children: 'id, updatedAt, deletedAt',
		statements: 'id, kind, theme, visibility, updatedAt, deletedAt',
		statementVersions: 'id, statementId, savedAt'
	},
	4: {
		meta: 'key',
		profile: 'id',
		drafts: 'id, updatedAt',
		children: 'id, updatedAt, deletedAt',
		statements: 'id, kind, theme, visibility, updatedAt, deletedAt',
		statementVersions: 'id, statementId, savedAt',
		reflections: 'id, date, visibility, updatedAt, deletedAt',
		settings: 'key'
	}
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
