import { describe, expect, it } from 'vitest';
import { needsDatabase, sendsNewcomerToWelcome, showsOnly } from './guards';

describe('where a newcomer may go before a profile exists', () => {
	it('sends a newcomer from every screen that needs a profile to the welcome', () => {
		for (const path of ['/', '/mijn-koers', '/terugkijken/nieuw', '/gezin', '/instellingen']) {
			expect(sendsNewcomerToWelcome(path), path).toBe(true);
		}
	});

	it('lets a newcomer read about Koers and follow an invite, with or without a slash', () => {
		for (const path of ['/welkom', '/over', '/over/', '/gezin/deelnemen']) {
			expect(sendsNewcomerToWelcome(path), path).toBe(false);
		}
	});

	it('opens no database for the welcome and about screens, and a first look at home and the family list', () => {
		expect(needsDatabase('/welkom')).toBe(false);
		expect(needsDatabase('/over')).toBe(false);
		expect(needsDatabase('/gezin/deelnemen')).toBe(true);
		expect(needsDatabase(null)).toBe(true);
		expect(showsOnly('/')).toBe(true);
		expect(showsOnly('/gezin')).toBe(true);
		expect(showsOnly('/gezin/[spaceId]')).toBe(false);
		expect(showsOnly('/mijn-koers')).toBe(false);
	});
});
