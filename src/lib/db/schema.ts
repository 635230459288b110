import type { Role } from '$lib/domain/profile';

export const DATABASE_NAME = 'koers';

/** Our own schema number, also written into the database as a marker (see schema-check.ts). */
export const SCHEMA_VERSION = 2;
export const MARKER_KEY = 'schema';
export const MARKER_APP = 'koers';

/**
 * Index definitions per schema version. Only ids, owner, kind, theme, visibility and
 * timestamps are indexed: everything a person wrote lives in `payload`, which the
 * repositories can later encrypt in one place (app lock).
 */
export const SCHEMA = {
	1: { meta: 'key', profile: 'id' },
	2: { meta: 'key', profile: 'id', drafts: 'id, updatedAt' }
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
