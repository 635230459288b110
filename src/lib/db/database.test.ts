import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KoersDatabase } from './database';
import { readDraft, removeDrafts, writeDraft } from './draft-repository';
import { openKoersDatabase } from './open';
import { readProfile, saveProfile } from './profile-repository';
import { MARKER_KEY, SCHEMA, SCHEMA_VERSION, type ProfileRecordV1 } from './schema';

let counter = 0;
const names: string[] = [];
function freshName() {
	const name = `koers-test-${++counter}`;
	names.push(name);
	return name;
}

afterEach(async () => {
	for (const name of names.splice(0)) await Dexie.delete(name);
});

const v1Profile: ProfileRecordV1 = {
	id: 'me',
	name: 'Sam',
	role: 'parent',
	createdAt: '2026-01-05T10:00:00.000Z',
	updatedAt: '2026-01-06T10:00:00.000Z'
};

/** Writes a database exactly as the first schema version did. */
async function createVersion1(name: string) {
	const old = new Dexie(name);
	old.version(1).stores(SCHEMA[1]);
	old.on('populate', (tx) => {
		void tx.table('meta').put({ key: MARKER_KEY, value: { app: 'koers', version: 1 } });
	});
	await old.open();
	await old.table('profile').put(v1Profile);
	old.close();
}

describe('opening the database', () => {
	it('creates a fresh database with our marker', async () => {
		const status = await openKoersDatabase(freshName());
		expect(status.state).toBe('ready');
		if (status.state !== 'ready') return;
		expect(await status.db.meta.get(MARKER_KEY)).toEqual({
			key: MARKER_KEY,
			value: { app: 'koers', version: SCHEMA_VERSION }
		});
		expect(await readProfile(status.db)).toEqual({ status: 'none' });
		status.db.close();
	});

	it('upgrades a version 1 database and keeps its data', async () => {
		const name = freshName();
		await createVersion1(name);
		const status = await openKoersDatabase(name);
		expect(status.state).toBe('ready');
		if (status.state !== 'ready') return;
		const upgraded = await status.db.profile.get('me');
		expect(upgraded?.memberId).toMatch(/^[0-9a-f-]{36}$/);
		expect(await readProfile(status.db)).toEqual({
			status: 'ok',
			profile: {
				memberId: upgraded?.memberId,
				name: 'Sam',
				role: 'parent',
				createdAt: v1Profile.createdAt,
				updatedAt: v1Profile.updatedAt
			}
		});
		expect((await status.db.meta.get(MARKER_KEY))?.value).toEqual({
			app: 'koers',
			version: SCHEMA_VERSION
		});
		expect(await status.db.profile.get('me')).not.toHaveProperty('name');
		status.db.close();
	});

	it('refuses a database from a newer version and leaves it as it was', async () => {
		const name = freshName();
		const newer = new Dexie(name);
		newer.version(SCHEMA_VERSION + 1).stores({ ...SCHEMA[2], journal: 'id' });
		newer.on('populate', (tx) => {
			void tx
				.table('meta')
				.put({ key: MARKER_KEY, value: { app: 'koers', version: SCHEMA_VERSION + 1 } });
		});
		await newer.open();
		await newer.table('journal').put({ id: 'j1', text: 'kept' });
		newer.close();

		const status = await openKoersDatabase(name);
		expect(status).toMatchObject({ state: 'problem', problem: 'newer' });

		const again = new Dexie(name);
		await again.open();
		expect(again.verno).toBe(SCHEMA_VERSION + 1);
		expect(await again.table('journal').get('j1')).toEqual({ id: 'j1', text: 'kept' });
		again.close();
	});

	// At our own version too: opened without a look first, Dexie would add its tables.
	it.each([
		['another version', 3],
		['exactly our version', SCHEMA_VERSION]
	])('refuses a foreign database at %s under our name and changes nothing', async (_, version) => {
		const name = freshName();
		const foreign = new Dexie(name);
		foreign.version(version).stores({ notes: '++id' });
		await foreign.open();
		await foreign.table('notes').add({ text: 'not ours' });
		foreign.close();

		expect(await openKoersDatabase(name)).toMatchObject({ state: 'problem', problem: 'foreign' });

		const again = new Dexie(name);
		await again.open();
		expect(again.tables.map((t) => t.name)).toEqual(['notes']);
		expect(await again.table('notes').count()).toBe(1);
		again.close();
	});
});

describe('repositories', () => {
	it('keeps the name in the payload and reports an unreadable profile', async () => {
		const db = new KoersDatabase(freshName());
		await saveProfile(db, {
			memberId: 'm1',
			name: 'Noor',
			role: 'counsellor',
			createdAt: v1Profile.createdAt,
			updatedAt: v1Profile.createdAt
		});
		expect((await db.profile.get('me'))?.payload).toEqual({ name: 'Noor' });
		expect((await readProfile(db)).status).toBe('ok');
		await db.profile.put({ ...(await db.profile.get('me'))!, payload: { name: '' } });
		expect(await readProfile(db)).toEqual({ status: 'unreadable' });
		db.close();
	});

	it('writes, reads and removes drafts', async () => {
		const db = new KoersDatabase(freshName());
		expect(await readDraft(db, 'welcome.name')).toBeUndefined();
		await writeDraft(db, 'welcome.name', 'Sa');
		await writeDraft(db, 'welcome.name', 'Sam');
		expect(await readDraft(db, 'welcome.name')).toBe('Sam');
		await removeDrafts(db, ['welcome.name']);
		expect(await readDraft(db, 'welcome.name')).toBeUndefined();
		db.close();
	});
});
