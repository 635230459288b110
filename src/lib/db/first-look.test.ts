import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDraft } from './draft-repository';
import { firstLook } from './first-look';
import { openKoersDatabase } from './open';
import { SCHEMA_VERSION } from './schema';

const names: string[] = [];
const fresh = () => {
	const name = `koers-look-${names.length}`;
	names.push(name);
	return name;
};
const listed = async (name: string) =>
	(await indexedDB.databases()).some((database) => database.name === name);

afterEach(async () => {
	for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('the first look', () => {
	it('reads the profile, the next conversation and the planned ones as Dexie stored them', async () => {
		const name = fresh();
		const status = await openKoersDatabase(name);
		if (status.state !== 'ready') throw new Error('not opened');
		const { db } = status;
		await db.profile.put({
			id: 'me',
			memberId: 'm1',
			role: 'parent',
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-01T00:00:00.000Z',
			payload: { name: 'Sam' }
		});
		await db.settings.put({ key: 'nextConversation', payload: '2026-12-10' });
		await writeDraft(db, 'family:name', 'Gezin de Vries');
		await writeDraft(db, 'statement:new', 'not shown from the look');
		db.close();

		const look = await firstLook(name);
		expect(look?.profile?.payload.name).toBe('Sam');
		expect(look?.nextConversation).toBe('2026-12-10');
		expect(look?.spaces).toEqual([]);
		expect(look?.drafts).toEqual({ 'family:name': 'Gezin de Vries' });
	});

	it('creates nothing where there is no database', async () => {
		const name = fresh();
		expect(await firstLook(name)).toBeUndefined();
		expect(await listed(name)).toBe(false);
	});

	it('leaves a database of an older version to Dexie, unchanged', async () => {
		const name = fresh();
		const old = new Dexie(name);
		old.version(1).stores({ meta: 'key', profile: 'id' });
		await old.open();
		old.close();

		expect(await firstLook(name)).toBeUndefined();
		const again = new Dexie(name);
		await again.open();
		expect(again.verno).toBe(1);
		again.close();
	});

	it('leaves a foreign database at our own version to Dexie', async () => {
		const name = fresh();
		const foreign = new Dexie(name);
		const stores = { meta: 'key', profile: 'id', settings: 'key', spaces: 'id' };
		foreign.version(SCHEMA_VERSION).stores({ ...stores, spaceItems: 'key, spaceId' });
		await foreign.open();
		await foreign.table('profile').put({ id: 'me', payload: { name: 'not ours' } });
		foreign.close();

		expect(await firstLook(name)).toBeUndefined();
	});
});
