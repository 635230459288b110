import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { pendingRecords, stampChanges } from './outgoing';
import { copyFingerprint, fingerprint, fingerprintKey, visibilityOfPrint } from './records';
import { device, statement } from './test-family';

describe('what the sync state keeps of a sent record', () => {
	it('a hash keyed per device, never a copy of the text', async () => {
		const anna = await device('Anna', 'parent');
		const shared = statement(anna.memberId, 'Wat ik wil voor Noor', 'family');
		await anna.db.statements.add(shared);
		await stampChanges(anna.db);
		const [row] = await anna.db.recordSync.toArray();
		expect(JSON.stringify(row)).not.toContain('Noor');
		expect(row!.fingerprint).toMatch(/^family\.[A-Za-z0-9_-]{43}$/);
		expect(visibilityOfPrint(row!.fingerprint)).toBe('family');

		// Another device has another key: the same record gives another hash.
		const other = await device('Anna', 'parent', anna.memberId);
		expect(fingerprint(shared, await fingerprintKey(other.db))).not.toBe(row!.fingerprint);
		expect(await fingerprintKey(anna.db)).toEqual(await fingerprintKey(anna.db));
	});

	it('a copy from before hashes were keyed becomes a hash, without a new stamp or a send', async () => {
		const anna = await device('Anna', 'parent');
		const shared = statement(anna.memberId, 'Al verstuurd', 'counsellors');
		await anna.db.statements.add(shared);
		const copy = copyFingerprint(shared);
		const key = `statements/${shared.id}`;
		await anna.db.recordSync.put({
			key,
			stamp: 'stamp-before',
			fingerprint: copy,
			sentFingerprint: copy,
			sentVisibility: 'counsellors'
		});
		await stampChanges(anna.db);
		const row = (await anna.db.recordSync.get(key))!;
		expect(row.stamp).toBe('stamp-before');
		expect(row.fingerprint).toBe(fingerprint(shared, await fingerprintKey(anna.db)));
		expect(row.sentFingerprint).toBe(row.fingerprint);
		expect(JSON.stringify(row)).not.toContain('Al verstuurd');
		expect(await pendingRecords(anna.db)).toEqual([]);
		expect(visibilityOfPrint(copy)).toBe('counsellors');
	});
});
