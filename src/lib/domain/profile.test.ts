import { describe, expect, it } from 'vitest';
import {
	NAME_MAX_LENGTH,
	ROLES,
	changeRole,
	checkName,
	createProfile,
	isRole,
	normaliseName,
	offersFor,
	parseProfile,
	renameProfile
} from './profile';

const now = new Date('2026-03-02T19:30:00Z');

describe('names', () => {
	it('folds whitespace and trims', () => {
		expect(normaliseName('  Sam \n  de   Vries ')).toBe('Sam de Vries');
	});
	it('refuses an empty or blank name', () => {
		expect(checkName('')).toEqual({ ok: false, problem: 'empty' });
		expect(checkName(' \t ')).toEqual({ ok: false, problem: 'empty' });
	});
	it('accepts up to the limit, counted in characters not code units', () => {
		expect(checkName('é'.repeat(NAME_MAX_LENGTH)).ok).toBe(true);
		expect(checkName('👩‍👧'.slice(0, 2).repeat(NAME_MAX_LENGTH)).ok).toBe(true);
		expect(checkName('a'.repeat(NAME_MAX_LENGTH + 1))).toEqual({ ok: false, problem: 'too-long' });
	});
	it('keeps markup as plain text', () => {
		expect(checkName('<b>Sam</b>')).toEqual({ ok: true, name: '<b>Sam</b>' });
	});
});

describe('profile', () => {
	it('creates a profile with timestamps', () => {
		expect(createProfile(' Sam ', 'parent', 'm1', now)).toEqual({
			memberId: 'm1',
			name: 'Sam',
			role: 'parent',
			createdAt: now.toISOString(),
			updatedAt: now.toISOString()
		});
	});
	it('reports the problem instead of creating', () => {
		expect(createProfile('  ', 'parent', 'm1', now)).toBe('empty');
	});
	it('renames and changes role, touching updatedAt only on change', () => {
		const p = createProfile('Sam', 'parent', 'm1', now);
		if (typeof p === 'string') throw new Error(p);
		const later = new Date('2026-03-03T08:00:00Z');
		expect(renameProfile(p, 'Sam ', later)).toBe(p);
		expect(renameProfile(p, 'Samira', later)).toMatchObject({
			name: 'Samira',
			updatedAt: later.toISOString(),
			createdAt: now.toISOString()
		});
		expect(renameProfile(p, '', later)).toBe('empty');
		expect(changeRole(p, 'parent', later)).toBe(p);
		expect(changeRole(p, 'counsellor', later)).toMatchObject({ role: 'counsellor' });
	});
	it('parses only well-formed stored profiles', () => {
		const good = {
			memberId: 'm1',
			name: 'Sam',
			role: 'parent',
			createdAt: now.toISOString(),
			updatedAt: now.toISOString()
		};
		expect(parseProfile(good)).toEqual(good);
		expect(parseProfile({ ...good, extra: 1 })).toEqual(good);
		expect(parseProfile(null)).toBeNull();
		expect(parseProfile('Sam')).toBeNull();
		expect(parseProfile({ ...good, role: 'judge' })).toBeNull();
		expect(parseProfile({ ...good, name: '' })).toBeNull();
		expect(parseProfile({ ...good, createdAt: 'yesterday' })).toBeNull();
		expect(parseProfile({ ...good, memberId: undefined })).toBeNull();
	});
});

describe('roles', () => {
	it('knows exactly the two roles', () => {
		expect(ROLES).toEqual(['parent', 'counsellor']);
		expect(isRole('parent')).toBe(true);
		expect(isRole('admin')).toBe(false);
		expect(isRole(undefined)).toBe(false);
	});
	it('offers each role its own things', () => {
		expect(offersFor('parent')).toContain('write');
		expect(offersFor('counsellor')).toContain('conversation');
		expect(offersFor('parent')).not.toEqual(offersFor('counsellor'));
	});
});
