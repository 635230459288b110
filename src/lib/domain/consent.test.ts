import { describe, expect, it } from 'vitest';
import { waitingForYesOf, yesMissingFor, type Consent } from './consent';

const yes = (owner: string, reader: string): Consent => ({
	owner,
	reader,
	agreedAt: '2026-12-01T10:00:00.000Z',
	how: 'asked'
});

describe('who waits for whose yes', () => {
	const people = ['anna', 'bart', 'karin', 'sanne'];
	const consents = [yes('anna', 'karin'), yes('karin', 'anna'), yes('karin', 'sanne')];

	it('a newcomer waits for everyone who has not said yes to them', () => {
		expect(yesMissingFor('sanne', people, consents)).toEqual(['anna', 'bart']);
		expect(yesMissingFor('anna', people, consents)).toEqual(['bart', 'sanne']);
	});

	it('an author sees whom they have not said yes to', () => {
		expect(waitingForYesOf('anna', people, consents)).toEqual(['bart', 'sanne']);
		expect(waitingForYesOf('karin', people, consents)).toEqual(['bart']);
	});
});
