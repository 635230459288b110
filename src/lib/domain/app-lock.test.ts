import { describe, expect, it } from 'vitest';
import { checkNewCode, chooseIdleMinutes, LONGEST_WAIT, waitAfterWrongCodes } from './app-lock';

describe('a new code', () => {
	it('is a PIN of at least six digits', () => {
		expect(checkNewCode('pin', '12345', '12345')).toBe('pinTooShort');
		expect(checkNewCode('pin', '12345a', '12345a')).toBe('pinDigitsOnly');
		expect(checkNewCode('pin', '123 456', '123 456')).toBe('pinDigitsOnly');
		expect(checkNewCode('pin', '123456', '123456')).toBeUndefined();
		expect(checkNewCode('pin', '12345678', '12345678')).toBeUndefined();
	});

	it('or a passphrase of at least ten characters, spaces around it not counted', () => {
		expect(checkNewCode('passphrase', '   kort     ', '   kort     ')).toBe('passphraseTooShort');
		expect(checkNewCode('passphrase', 'appel boom', 'appel boom')).toBeUndefined();
		// Characters, not UTF-16 units: ten emoji are ten characters.
		expect(checkNewCode('passphrase', '🍎'.repeat(9), '🍎'.repeat(9))).toBe('passphraseTooShort');
	});

	it('must be typed the same twice', () => {
		expect(checkNewCode('pin', '123456', '123457')).toBe('mismatch');
		expect(checkNewCode('passphrase', 'rode fiets gras', 'rode fiets Gras')).toBe('mismatch');
	});
});

describe('waiting after wrong codes', () => {
	it('costs nothing for the first two, then doubles from 15 seconds', () => {
		expect([0, 1, 2].map(waitAfterWrongCodes)).toEqual([0, 0, 0]);
		expect([3, 4, 5, 6].map(waitAfterWrongCodes)).toEqual([15_000, 30_000, 60_000, 120_000]);
	});

	it('never waits longer than five minutes', () => {
		expect(waitAfterWrongCodes(7)).toBe(240_000);
		expect(waitAfterWrongCodes(8)).toBe(LONGEST_WAIT);
		expect(waitAfterWrongCodes(1000)).toBe(5 * 60_000);
	});
});

describe('the idle time', () => {
	it('is one of the choices, five minutes otherwise', () => {
		expect(chooseIdleMinutes(15)).toBe(15);
		expect(chooseIdleMinutes(7)).toBe(5);
		expect(chooseIdleMinutes('1')).toBe(5);
		expect(chooseIdleMinutes(undefined)).toBe(5);
	});
});
