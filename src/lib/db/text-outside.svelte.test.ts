import { afterEach, describe, expect, it } from 'vitest';
import { forgetDataKey, holdDataKey } from '$lib/lock/data-key';
import { forgetOutside, isStorageFull, keepOutside, readOutside } from './text-outside';

afterEach(() => {
	forgetDataKey();
	localStorage.clear();
});

describe('text kept outside IndexedDB when the disk is full', () => {
	it('comes back, and is forgotten once written', async () => {
		expect(await keepOutside('statement:s1', 'Nog niet opgeslagen')).toBe(true);
		expect(await readOutside('statement:s1')).toBe('Nog niet opgeslagen');
		forgetOutside('statement:s1');
		expect(await readOutside('statement:s1')).toBeUndefined();
		expect(Object.keys(localStorage)).toEqual([]);
	});

	it('is sealed with the lock on, and opens only for its own field with the key', async () => {
		holdDataKey(crypto.getRandomValues(new Uint8Array(32)));
		await keepOutside('statement:s1', 'Geheim MARKER');
		expect(JSON.stringify(localStorage)).not.toContain('MARKER');
		expect(await readOutside('statement:s1')).toBe('Geheim MARKER');
		localStorage.setItem(
			'koers.unsaved.statement:s2',
			localStorage.getItem('koers.unsaved.statement:s1')!
		);
		expect(await readOutside('statement:s2')).toBeUndefined();
		forgetDataKey();
		expect(await readOutside('statement:s1')).toBeUndefined();
	});

	it('is only used for a write refused for want of space', () => {
		expect(isStorageFull(new DOMException('full', 'QuotaExceededError'))).toBe(true);
		expect(isStorageFull({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
		expect(isStorageFull(new Error('other'))).toBe(false);
		expect(isStorageFull(undefined)).toBe(false);
	});
});
