import { describe, expect, it } from 'vitest';
import type { SpaceDeviceRecord } from '$lib/db/schema';
import type { Consent } from '$lib/domain/consent';
import { introductions } from './introductions';

const device = (
	deviceId: string,
	memberId: string,
	admittedBy: string,
	admittedAt: string
): SpaceDeviceRecord => ({
	spaceId: 's',
	deviceId,
	memberId,
	role: 'parent',
	encryptionKey: 'e',
	signingKey: 'k',
	tokenHash: 'h',
	admittedBy,
	admittedAt,
	payload: { name: memberId }
});

const yes = (owner: string, reader: string, how: Consent['how']): Consent => ({
	owner,
	reader,
	agreedAt: '2026-12-01T10:00:00.000Z',
	how
});

describe('who brought a person into the family', () => {
	const devices = [
		device('f1', 'fatima', 'f1', '2026-11-01T09:00:00.000Z'),
		device('a1', 'anna', 'f1', '2026-11-02T09:00:00.000Z'),
		// Anna's tablet, let in by her phone: she was still added by Fatima.
		device('a2', 'anna', 'a1', '2026-11-03T09:00:00.000Z'),
		device('s1', 'sanne', 'f1', '2026-11-04T09:00:00.000Z')
	];

	it('names who let in a person’s first device, and the one who made the family', () => {
		const found = introductions(devices, 'anna', []);
		expect(found.get('fatima')).toEqual({ started: true, at: '2026-11-01T09:00:00.000Z' });
		expect(found.get('anna')).toEqual({
			started: false,
			by: 'fatima',
			at: '2026-11-02T09:00:00.000Z'
		});
		expect(found.get('sanne')?.by).toBe('fatima');
	});

	it('leaves out the time for people who were there before this person came', () => {
		const found = introductions(devices, 'sanne', [
			yes('sanne', 'fatima', 'joined'),
			yes('sanne', 'anna', 'joined')
		]);
		expect(found.get('anna')).toEqual({ started: false, by: 'fatima' });
		expect(found.get('fatima')).toEqual({ started: true });
		expect(found.get('sanne')?.at).toBe('2026-11-04T09:00:00.000Z');
	});
});
