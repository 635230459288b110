import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { certainlyAbsent, listsDatabase, rememberDatabase } from './presence';

const MARK = 'koers.database';

/** Node has no localStorage; a Map behind the same three calls stands in for the browser's. */
function storage() {
	const items = new Map<string, string>();
	return {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, String(value)),
		removeItem: (key: string) => void items.delete(key)
	};
}

let name = '';
let count = 0;
beforeEach(() => {
	vi.stubGlobal('localStorage', storage());
	name = `koers-presence-${count++}`;
});
afterEach(async () => {
	vi.unstubAllGlobals();
	await Dexie.delete(name);
});

const makeDatabase = async () => {
	const db = new Dexie(name);
	db.version(1).stores({ items: 'id' });
	await db.open();
	db.close();
};

describe('whether this device has a database', () => {
	it('asks the browser once without a mark, and keeps its "none"', async () => {
		const databases = vi.spyOn(indexedDB, 'databases');
		await expect(certainlyAbsent(name)).resolves.toBe(true);
		expect(localStorage.getItem(MARK)).toBe('0');
		expect(databases).toHaveBeenCalledTimes(1);
		databases.mockRestore();
	});

	it('does not call a database absent when the browser lists it, and writes no mark', async () => {
		await makeDatabase();
		localStorage.removeItem(MARK);
		// A fresh module: the first answer of a start is kept for that start.
		vi.resetModules();
		const fresh = await import('./presence');
		await expect(fresh.certainlyAbsent(name)).resolves.toBe(false);
		expect(localStorage.getItem(MARK)).toBeNull();
	});

	it('goes by the mark without asking, and the browser can still be asked', async () => {
		await makeDatabase();
		localStorage.setItem(MARK, '0');
		const databases = vi.spyOn(indexedDB, 'databases');
		await expect(certainlyAbsent(name)).resolves.toBe(true);
		expect(databases).not.toHaveBeenCalled();
		await expect(listsDatabase(name)).resolves.toBe(true);
		databases.mockRestore();
	});

	it('marks the database as there before it is opened, whatever the mark said', async () => {
		localStorage.setItem(MARK, '0');
		rememberDatabase();
		await expect(certainlyAbsent(name)).resolves.toBe(false);
	});

	it('keeps the mark another tab wrote while the browser was being asked', async () => {
		vi.resetModules();
		const fresh = await import('./presence');
		const asked = fresh.certainlyAbsent(name);
		fresh.rememberDatabase();
		await asked;
		expect(localStorage.getItem(MARK)).toBe('1');
	});

	it('asks the browser when storage is refused', async () => {
		vi.stubGlobal('localStorage', {
			getItem: () => {
				throw new Error('refused');
			},
			setItem: () => {
				throw new Error('refused');
			}
		});
		await makeDatabase();
		vi.resetModules();
		const fresh = await import('./presence');
		await expect(fresh.certainlyAbsent(name)).resolves.toBe(false);
	});
});
