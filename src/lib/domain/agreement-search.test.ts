import { describe, expect, it } from 'vitest';
import { matchesAgreement } from './agreement-search';
import type { AgreementVersion } from './agreements';

const version = (id: string, text: string, who = ''): AgreementVersion => ({
	id,
	agreementId: 'a',
	author: 'anna',
	createdAt: '2026-03-17T10:00:00.000Z',
	theme: 'holidays',
	text,
	who
});

const agreement = {
	versions: [
		version('v1', 'In de zomer zijn de kinderen drie weken bij Anna.', 'Anna boekt de reis.'),
		version('v2', 'In de zomer zijn de kinderen twee weken bij elke ouder.')
	]
};
const names = { holidays: 'Vakanties, feestdagen en bijzondere dagen' } as Record<string, string>;
const themeName = (theme: string) => names[theme] ?? theme;
const matches = (query: string) => matchesAgreement(agreement, query, 'nl', themeName);

describe('searching agreements', () => {
	it('finds everything when nothing is searched for', () => {
		expect(matches('')).toBe(true);
		expect(matches('   ')).toBe(true);
	});

	it('finds words of the current version, of earlier versions and of who does what', () => {
		expect(matches('elke ouder')).toBe(true);
		expect(matches('drie weken')).toBe(true);
		expect(matches('boekt')).toBe(true);
	});

	it('finds the theme by its name', () => {
		expect(matches('feestdagen')).toBe(true);
	});

	it('ignores case and accents, and needs every word in one version', () => {
		expect(matches('ZOMER ANNA')).toBe(true);
		expect(matches('zómer')).toBe(true);
		expect(matches('twee weken anna')).toBe(false);
		expect(matches('school')).toBe(false);
	});
});
