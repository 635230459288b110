import {
	DATABASE_NAME,
	LAST_BACKUP_KEY,
	LOCK_KEY,
	MARKER_APP,
	MARKER_KEY,
	SCHEMA_VERSION,
	type DraftRecord,
	type MetaRecord,
	type ProfileRecord,
	type SettingRecord,
	type SpaceItemRecord,
	type SpaceRecord
} from './schema';
import { openAsIs, request } from './raw-idb';

/**
 * What the home screen and the family list show, read in one transaction straight from
 * IndexedDB, without Dexie. Those screens show and link, so they need no more than this look;
 * Dexie (the largest file) loads when the person types or goes to a screen that reads more.
 */
export interface FirstLook {
	profile: ProfileRecord | undefined;
	nextConversation: unknown;
	spaces: SpaceRecord[];
	spaceItems: SpaceItemRecord[];
	/** The texts of the drafts those screens show (the name of a family being made). */
	drafts: Record<string, string>;
	/** When the last backup was made, for the home screen's reminder. */
	lastBackup: string | undefined;
}

/** The drafts a screen shown from the first look may bring back. */
export const LOOK_DRAFTS = ['family:name'] as const;

const STORES = ['meta', 'profile', 'settings', 'spaces', 'spaceItems', 'drafts'] as const;

/**
 * The look, or undefined whenever anything is not exactly as this version of Koers left it
 * (no database, another version, no marker): then Dexie opens it and decides, as always.
 * Never creates, upgrades or writes anything.
 */
export async function firstLook(name: string = DATABASE_NAME): Promise<FirstLook | undefined> {
	try {
		const db = await openAsIs(name);
		try {
			// Dexie stores ten times its own version number.
			return db.version === SCHEMA_VERSION * 10 ? await read(db) : undefined;
		} finally {
			db.close();
		}
	} catch {
		return undefined;
	}
}

async function read(db: IDBDatabase): Promise<FirstLook | undefined> {
	if (!STORES.every((store) => db.objectStoreNames.contains(store))) return undefined;
	const tx = db.transaction([...STORES], 'readonly');
	const get = <T>(store: (typeof STORES)[number], key: string) =>
		request<T | undefined>(tx.objectStore(store).get(key));
	const [marker, lock, lastBackup, profile, next, spaces, ...drafts] = await Promise.all([
		get<MetaRecord>('meta', MARKER_KEY),
		get<MetaRecord>('meta', LOCK_KEY),
		get<MetaRecord>('meta', LAST_BACKUP_KEY),
		get<ProfileRecord>('profile', 'me'),
		get<SettingRecord>('settings', 'nextConversation'),
		request<SpaceRecord[]>(tx.objectStore('spaces').getAll()),
		...LOOK_DRAFTS.map((id) => get<DraftRecord>('drafts', id))
	]);
	const value = marker?.value as { app?: unknown; version?: unknown } | undefined;
	if (value?.app !== MARKER_APP || value.version !== SCHEMA_VERSION) return undefined;
	// With the lock on, every record is sealed: Dexie opens them with the key.
	if (lock) return undefined;
	const byFamily = tx.objectStore('spaceItems').index('spaceId');
	const items = await Promise.all(
		spaces.map((space) => request<SpaceItemRecord[]>(byFamily.getAll(space.id)))
	);
	const texts: Record<string, string> = {};
	for (const draft of drafts as (DraftRecord | undefined)[]) {
		if (draft && typeof draft.payload?.text === 'string') texts[draft.id] = draft.payload.text;
	}
	return {
		profile,
		nextConversation: next?.payload,
		spaces,
		spaceItems: items.flat(),
		drafts: texts,
		lastBackup: typeof lastBackup?.value === 'string' ? lastBackup.value : undefined
	};
}
