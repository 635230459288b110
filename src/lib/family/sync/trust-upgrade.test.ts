import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KoersDatabase } from '$lib/db/database';
import { adoptTrustRules } from './trust-upgrade';

describe('a space from before the trust rules', () => {
	it('keeps its people reading each other, and believes the envelopes it had read', async () => {
		const db = new KoersDatabase('trust-upgrade-1');
		await db.open();
		await db.spaces.put({
			id: 'space-1',
			myRole: 'parent',
			token: 't',
			lastSeq: 42,
			joinedAt: '2026-11-01T10:00:00.000Z',
			payload: { name: 'Gezin Jansen' }
		});
		const member = (deviceId: string, memberId: string, removedAtSeq?: number) => ({
			spaceId: 'space-1',
			deviceId,
			memberId,
			role: 'parent' as const,
			encryptionKey: 'e',
			signingKey: 's',
			tokenHash: 'h',
			admittedBy: 'k1',
			payload: { name: memberId },
			...(removedAtSeq ? { removedAtSeq } : {})
		});
		await db.spaceDevices.bulkPut([
			member('a1', 'anna'),
			member('k1', 'karin'),
			member('x1', 'gone', 7)
		]);

		const space = (await db.spaces.get('space-1'))!;
		await adoptTrustRules(db, space);
		await adoptTrustRules(db, (await db.spaces.get('space-1'))!);
		expect((await db.spaces.get('space-1'))?.legacyUntil).toBe(42);
		const consents = (await db.spaceItems.toArray()).map(
			(i) => `${i.ownerId}>${i.id}:${i.payload.how}`
		);
		expect(consents.sort()).toEqual(['anna>karin:before', 'karin>anna:before']);
		db.close();
	});
});
