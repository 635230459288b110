import { describe, expect, it } from 'vitest';
import { assessStoredDatabase } from './schema-check';

const marker = (version: number) => ({ app: 'koers', version });

describe('assessStoredDatabase', () => {
	it('treats a missing or empty database as fresh', () => {
		expect(assessStoredDatabase({ exists: false }, 2)).toEqual({ kind: 'fresh' });
		expect(
			assessStoredDatabase({ exists: true, version: 1, tables: [], marker: undefined }, 2)
		).toEqual({
			kind: 'fresh'
		});
	});
	it('recognises its own current and older schemas', () => {
		const tables = ['meta', 'profile', 'drafts'];
		expect(
			assessStoredDatabase({ exists: true, version: 2, tables, marker: marker(2) }, 2)
		).toEqual({
			kind: 'current'
		});
		expect(
			assessStoredDatabase({ exists: true, version: 1, tables, marker: marker(1) }, 2)
		).toEqual({
			kind: 'older',
			from: 1
		});
	});
	it('refuses a database written by a newer version, by marker or by native version', () => {
		const tables = ['meta', 'profile'];
		expect(
			assessStoredDatabase({ exists: true, version: 3, tables, marker: marker(3) }, 2)
		).toEqual({
			kind: 'newer',
			version: 3
		});
		expect(
			assessStoredDatabase({ exists: true, version: 99.9, tables, marker: marker(2) }, 2)
		).toEqual({
			kind: 'newer',
			version: 100
		});
	});
	it('calls anything without our marker foreign', () => {
		expect(
			assessStoredDatabase({ exists: true, version: 5, tables: ['notes'], marker: undefined }, 2)
		).toEqual({
			kind: 'foreign'
		});
		expect(
			assessStoredDatabase({ exists: true, version: 1, tables: ['meta'], marker: undefined }, 2)
		).toEqual({
			kind: 'foreign'
		});
		expect(
			assessStoredDatabase(
				{ exists: true, version: 1, tables: ['meta'], marker: { app: 'other', version: 1 } },
				2
			)
		).toEqual({ kind: 'foreign' });
		expect(
			assessStoredDatabase(
				{ exists: true, version: 1, tables: ['meta'], marker: { app: 'koers', version: '1' } },
				2
			)
		).toEqual({ kind: 'foreign' });
	});
});
