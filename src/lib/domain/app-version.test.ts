import { describe, expect, it } from 'vitest';
import { parseAppVersion } from './app-version';

describe('parseAppVersion', () => {
	it('splits the number from the build time', () => {
		expect(parseAppVersion('0.1.0+1795368373825')).toEqual({
			number: '0.1.0',
			builtAt: new Date(1795368373825)
		});
	});
	it('keeps any other name as it is', () => {
		expect(parseAppVersion('next-123')).toEqual({ number: 'next-123' });
		expect(parseAppVersion('0.1.0')).toEqual({ number: '0.1.0' });
		expect(parseAppVersion('0.1.0+abc')).toEqual({ number: '0.1.0+abc' });
	});
});
