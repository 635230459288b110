import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdLock, pauseIdleLock, startAutoLock } from './auto-lock';
import { currentDataKey, holdDataKey } from './data-key';

const minutes = (count: number) => vi.advanceTimersByTimeAsync(count * 60_000);

describe('locking again by itself', () => {
	afterEach(() => vi.useRealTimers());

	it('waits while the conversation is on the shared screen or a file is being picked, then locks after the idle time', async () => {
		vi.useFakeTimers();
		const reload = vi.fn();
		vi.stubGlobal('location', { ...location, reload });
		holdDataKey(new Uint8Array(32));
		startAutoLock(5);

		const resume = pauseIdleLock();
		await minutes(30);
		const release = holdLock();
		resume();
		await minutes(30);
		expect(currentDataKey()).toBeDefined();

		release();
		await minutes(4);
		dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
		await minutes(4);
		expect(currentDataKey()).toBeDefined();
		await minutes(1.1);
		expect(currentDataKey()).toBeUndefined();
		expect(reload).toHaveBeenCalledOnce();
		expect(document.documentElement.classList.contains('left')).toBe(true);
		vi.unstubAllGlobals();
	});
});
