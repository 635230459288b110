import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KoersDatabase } from './database';
import { writeDraft } from './draft-repository';
import { eraseEverything } from './erase';

const listed = async (name: string) =>
	(await indexedDB.databases()).some((database) => database.name === name);

describe('deleting everything on this device', () => {
	it('removes the database and Koers’s own keys, and nothing typed later makes it again', async () => {
		const db = new KoersDatabase('koers-erase-test');
		await writeDraft(db, 'welcome.name', 'Sam');
		localStorage.setItem('koers.database', '1');
		localStorage.setItem('koers.language', 'en');
		sessionStorage.setItem('koers.left', '1');
		localStorage.setItem('another-app', 'stays');

		await eraseEverything(db);

		expect(await listed('koers-erase-test')).toBe(false);
		expect(Object.keys(localStorage)).toEqual(['another-app']);
		expect(Object.keys(sessionStorage)).toEqual([]);
		await expect(writeDraft(db, 'welcome.name', 'Sam')).rejects.toThrow();
		expect(await listed('koers-erase-test')).toBe(false);
	});
});
