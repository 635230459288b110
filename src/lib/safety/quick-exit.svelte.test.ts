import { afterEach, describe, expect, it, vi } from 'vitest';
import { comeBack, destination, learnDestination, leftThisTab, NEUTRAL_PAGE } from './quick-exit';

const EXIT = 'https://weer.example.org/vandaag';

/** The server's answer for /settings.json; the server itself is another process. */
function answer(body: unknown) {
	vi.stubGlobal(
		'fetch',
		vi.fn(async () => new Response(JSON.stringify(body), { status: 200 }))
	);
}

afterEach(() => {
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
	localStorage.clear();
	sessionStorage.clear();
});

describe('where Snel weg goes', () => {
	it('goes to the address the server set, while there is a network', async () => {
		answer({ quickExitUrl: EXIT });
		await learnDestination();
		expect(destination()).toBe(EXIT);
		vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
		expect(destination()).toBe(NEUTRAL_PAGE);
	});

	it('goes to Koers’s own blank page when none is set, or the stored one is not https', async () => {
		answer({ quickExitUrl: null });
		await learnDestination();
		expect(destination()).toBe(NEUTRAL_PAGE);
		answer({ quickExitUrl: 'javascript:alert(1)' });
		await learnDestination();
		expect(destination()).toBe(NEUTRAL_PAGE);
		localStorage.setItem('koers.quickExitUrl', 'http://weer.example.org');
		expect(destination()).toBe(NEUTRAL_PAGE);
	});

	it('keeps the last address when the server cannot be reached', async () => {
		answer({ quickExitUrl: EXIT });
		await learnDestination();
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => Promise.reject(new TypeError('offline')))
		);
		await learnDestination();
		expect(destination()).toBe(EXIT);
	});

	it('marks the tab until the person chooses to come back', () => {
		expect(leftThisTab()).toBe(false);
		sessionStorage.setItem('koers.left', '1');
		expect(leftThisTab()).toBe(true);
		comeBack();
		expect(leftThisTab()).toBe(false);
	});
});
