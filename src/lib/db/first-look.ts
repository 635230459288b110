import {
	DATABASE_NAME,
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

function openAsIs(name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		// No version: the database opens as it is stored.
		const request = indexedDB.open(name);
		// Only when there is none: then nothing may be created (the aborted open leaves none).
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onsuccess = () => {
			const db = request.result;
			// Another tab upgrading it goes first.
			db.onversionchange = () => db.close();
			resolve(db);
		};
		request.onerror = () => reject(request.error);
		request.onblocked = () => reject(new Error('blocked'));
	});
}

async function read(db: IDBDatabase): Promise<FirstLook | undefined> {
	if (!STORES.every((store) => db.objectStoreNames.contains(store))) return undefined;
	const tx = db.transaction([...STORES], 'readonly');
	const get = <T>(store: (typeof STORES)[number], key: string) =>
		request<T | undefined>(tx.objectStore(store).get(key));
	const [marker, profile, next, spaces, ...drafts] = await Promise.all([
		get<MetaRecord>('meta', MARKER_KEY),
		get<ProfileRecord>('profile', 'me'),
		get<SettingRecord>('settings', 'nextConversation'),
		request<SpaceRecord[]>(tx.objectStore('spaces').getAll()),
		...LOOK_DRAFTS.map((id) => get<DraftRecord>('drafts', id))
	]);
	const value = marker?.value as { app?: unknown; version?: unknown } | undefined;
	if (value?.app !== MARKER_APP || value.version !== SCHEMA_VERSION) return undefined;
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
		drafts: texts
	};
}

function request<T>(req: IDBRequest): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result as T);
		req.onerror = () => reject(req.error);
	});
}
