import { describe, expect, it } from 'vitest';
import { textsForAddress } from './screen-texts';

describe('the texts a first screen starts loading', () => {
	it('are the page’s own for a screen without a layout of its own', () => {
		expect(textsForAddress('/')).toEqual(['home', 'problems']);
		expect(textsForAddress('/welkom/')).toEqual(['welcome']);
	});

	it('include those of every layout above the screen', () => {
		expect(textsForAddress('/gezin/deelnemen')).toEqual(['family', 'space', 'statements']);
		expect(textsForAddress('/mijn-koers/nieuw')).toEqual(['guidance', 'statements', 'sync']);
	});

	it('leave screens with a parameter in their address to their own loads', () => {
		expect(textsForAddress('/gezin/7f3a')).toEqual(['family']);
		expect(textsForAddress('/gezinnen')).toEqual([]);
		expect(textsForAddress('/onbekend')).toEqual([]);
	});
});
