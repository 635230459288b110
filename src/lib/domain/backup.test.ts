import { describe, expect, it } from 'vitest';
import {
	backupFileName,
	backupWins,
	checkOwnRecord,
	checkTables,
	readEnvelope,
	type TableShape
} from './backup';
import { backupReminder } from './backup-reminder';

const NOW = new Date('2026-12-01T12:00:00Z');
const shapes: Record<string, TableShape> = {
	statements: { key: 'id', auto: false },
	spaceDevices: { key: ['spaceId', 'deviceId'], auto: false }
};
const statement = (id: string, extra: Record<string, unknown> = {}) => ({
	id,
	ownerId: 'me-1',
	kind: 'vision',
	theme: 'care',
	visibility: 'family',
	order: 0,
	createdAt: '2026-11-01T10:00:00Z',
	updatedAt: '2026-11-02T10:00:00Z',
	payload: { text: 'Rust voor de kinderen', childIds: [] },
	...extra
});
const header = { format: 'koers-backup', version: 1, schema: 6, createdAt: NOW.toISOString() };

describe('a backup file', () => {
	it('is named with its date', () => {
		expect(backupFileName(NOW)).toBe('koers-reservekopie-2026-12-01.json');
	});

	it('says what is wrong: not JSON, cut off, another shape, or from a newer Koers', () => {
		expect(readEnvelope('hallo', 6)).toBe('notBackup');
		const whole = JSON.stringify({ ...header, tables: { statements: [statement('s1')] } });
		expect(readEnvelope(whole.slice(0, whole.length / 2), 6)).toBe('truncated');
		expect(readEnvelope(JSON.stringify({ statements: [] }), 6)).toBe('notBackup');
		expect(readEnvelope(JSON.stringify([header]), 6)).toBe('notBackup');
		expect(readEnvelope(JSON.stringify({ ...header, tables: 'x' }), 6)).toBe('notBackup');
		expect(readEnvelope(JSON.stringify({ ...header, createdAt: 'gisteren', tables: {} }), 6)).toBe(
			'notBackup'
		);
		expect(readEnvelope(JSON.stringify({ ...header, version: 2, tables: {} }), 6)).toBe('newer');
		expect(readEnvelope(JSON.stringify({ ...header, schema: 7, tables: {} }), 6)).toBe('newer');
		expect(readEnvelope(whole, 6)).toMatchObject({ format: 'koers-backup', schema: 6 });
	});
});

describe('the tables of a backup', () => {
	const check = (tables: unknown) => checkTables(tables, shapes, NOW, checkOwnRecord);

	it('are accepted when every record is whole, hostile text included (it is shown as text)', () => {
		const hostile = statement('s2', {
			payload: { text: '<img src=x onerror=alert(1)><script>alert(2)</script>', childIds: [] }
		});
		const tables = { statements: [statement('s1'), hostile] };
		expect(check(tables)).toEqual(tables);
	});

	it('refuse a table this Koers does not have, a record without its key, or a key twice', () => {
		expect(check({ passwords: [] })).toBe('notBackup');
		expect(check({ statements: [statement('')] })).toBe('damaged');
		expect(check({ statements: [{ ...statement('s1'), id: { $gt: '' } }] })).toBe('damaged');
		expect(check({ statements: [statement('s1'), statement('s1')] })).toBe('duplicates');
		const device = {
			spaceId: 'f1',
			deviceId: 'd1',
			memberId: 'm',
			role: 'parent',
			encryptionKey: 'e',
			signingKey: 's',
			payload: { name: 'Sam' }
		};
		expect(check({ spaceDevices: [device, { ...device }] })).toBe('duplicates');
		expect(check({ spaceDevices: [device, { ...device, deviceId: 'd2' }] })).not.toBeTypeOf(
			'string'
		);
	});

	it('refuse dates in the future, anywhere in a record', () => {
		expect(check({ statements: [statement('s1', { updatedAt: '2027-06-01T00:00:00Z' })] })).toBe(
			'future'
		);
		const nested = statement('s1', {
			payload: { text: 'x', childIds: [], seen: { at: '2030-01-01T00:00:00Z' } }
		});
		expect(check({ statements: [nested] })).toBe('future');
		// A clock a little ahead is fine.
		expect(
			check({ statements: [statement('s1', { updatedAt: '2026-12-01T20:00:00Z' })] })
		).not.toBeTypeOf('string');
	});

	it('refuse what a screen could not show: wrong types, unknown kinds, endless nesting', () => {
		expect(check({ statements: [statement('s1', { kind: 'rant' })] })).toBe('damaged');
		expect(check({ statements: [statement('s1', { payload: { text: 42, childIds: [] } })] })).toBe(
			'damaged'
		);
		expect(check({ statements: [statement('s1', { order: Number.NaN })] })).toBe('damaged');
		let deep: Record<string, unknown> = {};
		for (let i = 0; i < 20; i++) deep = { deep };
		expect(check({ statements: [statement('s1', { extra: deep })] })).toBe('damaged');
		expect(check({ statements: 'all of them' })).toBe('notBackup');
		// A family without what its screens read (a name, a date) would break the family list.
		expect(
			checkTables(
				{ spaces: [{ id: 'x' }] },
				{ spaces: { key: 'id', auto: false } },
				NOW,
				checkOwnRecord
			)
		).toBe('damaged');
	});
});

describe('merging a backup', () => {
	const local = statement('s1');

	it('replaces a record only with a newer one', () => {
		expect(backupWins(local, statement('s1', { updatedAt: '2026-11-03T10:00:00Z' }))).toBe(true);
		expect(backupWins(local, statement('s1', { updatedAt: '2026-11-01T10:00:00Z' }))).toBe(false);
		expect(backupWins(local, statement('s1'))).toBe(false);
		expect(backupWins({ key: 'a' }, { key: 'a', value: 1 })).toBe(false);
	});

	it('never shares again what was made private on the device', () => {
		const madePrivate = statement('s1', { visibility: 'private' });
		const newerShared = statement('s1', { updatedAt: '2026-11-30T10:00:00Z' });
		expect(backupWins(madePrivate, newerShared)).toBe(false);
		expect(backupWins(madePrivate, { ...newerShared, visibility: 'private' })).toBe(true);
	});
});

describe('the reminder to make a backup', () => {
	const since = '2026-11-01T10:00:00Z';

	it('comes a week after starting when there is none, and a month after the last one', () => {
		expect(backupReminder(undefined, '2026-11-28T10:00:00Z', undefined, NOW)).toBeUndefined();
		expect(backupReminder(undefined, since, undefined, NOW)).toBe('never');
		expect(backupReminder('2026-11-15T10:00:00Z', since, undefined, NOW)).toBeUndefined();
		expect(backupReminder('2026-10-15T10:00:00Z', since, undefined, NOW)).toBe('old');
	});

	it('stays quiet for two weeks after "later"', () => {
		expect(backupReminder(undefined, since, '2026-11-25T10:00:00Z', NOW)).toBeUndefined();
		expect(backupReminder(undefined, since, '2026-11-10T10:00:00Z', NOW)).toBe('never');
	});
});
