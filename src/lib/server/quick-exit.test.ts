import { describe, expect, it } from 'vitest';
import { quickExitUrl } from './quick-exit';

describe('the quick exit address an operator sets', () => {
	it('is an https address, or nothing', () => {
		expect(quickExitUrl('https://weer.example.nl/vandaag')).toBe('https://weer.example.nl/vandaag');
		expect(quickExitUrl(undefined)).toBeNull();
		expect(quickExitUrl('  ')).toBeNull();
	});

	it('refuses anything else, naming the setting', () => {
		for (const value of [
			'http://weer.example.nl',
			'javascript:alert(1)',
			'data:text/html,hoi',
			'/neutraal',
			'weer.example.nl',
			'https://naam:geheim@weer.example.nl'
		]) {
			expect(() => quickExitUrl(value), value).toThrow(/QUICK_EXIT_URL/);
		}
	});
});
