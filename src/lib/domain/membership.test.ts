import { describe, expect, it } from 'vitest';
import {
	checkJoin,
	formatSafetyCode,
	lostReaders,
	mayRemove,
	membersOf,
	readersFor,
	rekeyProblem,
	signingKeyAt,
	type SpaceDevice
} from './membership';
import { mayAddParentInRoom } from './membership';

function device(deviceId: string, memberId: string, role: SpaceDevice['role'], removed?: number) {
	return {
		deviceId,
		memberId,
		role,
		name: memberId,
		encryptionKey: 'e',
		signingKey: 's',
		tokenHash: 'h',
		admittedBy: 'c1',
		...(removed === undefined ? {} : { removedAtSeq: removed })
	} satisfies SpaceDevice;
}

// Parent A with a phone and a tablet, parent B, two counsellors (one device each).
const a1 = device('a1', 'A', 'parent');
const a2 = device('a2', 'A', 'parent');
const b1 = device('b1', 'B', 'parent');
const c1 = device('c1', 'C', 'counsellor');
const d1 = device('d1', 'D', 'counsellor');
const all = [a1, a2, b1, c1, d1];
const ids = (devices: SpaceDevice[]) => devices.map((d) => d.deviceId).sort();
/** A's yes to everyone else in the space. */
const everyone = new Set(['B', 'C', 'D']);

describe('who reads a shared record', () => {
	it('private never leaves the device', () => {
		expect(readersFor('private', 'A', all, 'a1', everyone)).toEqual([]);
	});

	it('"voor het gesprek" reaches the author\'s other devices and the counsellors only', () => {
		expect(ids(readersFor('counsellors', 'A', all, 'a1', everyone))).toEqual(['a2', 'c1', 'd1']);
	});

	it('"ook voor de andere ouder" reaches every device but the sending one', () => {
		expect(ids(readersFor('family', 'A', all, 'a1', everyone))).toEqual(['a2', 'b1', 'c1', 'd1']);
	});

	it('a removed device reads nothing shared afterwards', () => {
		const removed = [a1, a2, device('b1', 'B', 'parent', 12), c1];
		expect(ids(readersFor('family', 'A', removed, 'a1', everyone))).toEqual(['a2', 'c1']);
	});

	it('un-sharing or narrowing tells exactly the devices that lose the record', () => {
		expect(ids(lostReaders('family', 'counsellors', 'A', all, 'a1', everyone))).toEqual(['b1']);
		expect(ids(lostReaders('counsellors', 'private', 'A', all, 'a1', everyone))).toEqual([
			'a2',
			'c1',
			'd1'
		]);
		expect(ids(lostReaders('family', 'gone', 'A', all, 'a1', everyone))).toEqual([
			'a2',
			'b1',
			'c1',
			'd1'
		]);
		expect(lostReaders('counsellors', 'family', 'A', all, 'a1', everyone)).toEqual([]);
		expect(lostReaders(undefined, 'family', 'A', all, 'a1', everyone)).toEqual([]);
	});
});

describe('membership changes', () => {
	it('counsellors remove anyone; a person removes their own (lost) devices; parents not each other', () => {
		expect(mayRemove(c1, b1)).toBe(true);
		expect(mayRemove(a2, a1)).toBe(true);
		expect(mayRemove(b1, b1)).toBe(true);
		expect(mayRemove(a1, b1)).toBe(false);
		expect(mayRemove(device('c1', 'C', 'counsellor', 3), b1)).toBe(false);
	});

	it("joining needs the invite's role, an unexpired invite, and a parent in one family only", () => {
		const invite = { role: 'parent' as const, expiresAt: 2000, spaceId: 's1' };
		expect(checkJoin(invite, 'parent', [], 1000)).toBeUndefined();
		expect(checkJoin(invite, 'counsellor', [], 1000)).toBe('role-mismatch');
		expect(checkJoin(invite, 'parent', [], 2000)).toBe('expired');
		expect(checkJoin(invite, 'parent', [{ id: 's1', myRole: 'parent', left: false }], 1000)).toBe(
			'already-member'
		);
		expect(checkJoin(invite, 'parent', [{ id: 's0', myRole: 'parent', left: false }], 1000)).toBe(
			'parent-elsewhere'
		);
		expect(checkJoin(invite, 'parent', [{ id: 's0', myRole: 'parent', left: true }], 1000)).toBe(
			undefined
		);
		const forCounsellor = { ...invite, role: 'counsellor' as const };
		expect(
			checkJoin(forCounsellor, 'counsellor', [{ id: 's0', myRole: 'counsellor', left: false }], 1)
		).toBeUndefined();
	});

	it('lists people with their devices, parents first, removed devices left out', () => {
		const people = membersOf([c1, a1, a2, device('b1', 'B', 'parent', 4)]);
		expect(people.map((p) => [p.memberId, p.devices.length])).toEqual([
			['A', 2],
			['C', 1]
		]);
	});

	it('formats a safety code as two groups of three digits', () => {
		expect(formatSafetyCode(new Uint8Array([0, 0, 0, 7]))).toBe('000 007');
		expect(formatSafetyCode(new Uint8Array([255, 255, 255, 255]))).toBe('967 295');
	});
});

describe('a parent without a device', () => {
	it('can be added for the conversation only while fewer than two parents are known', () => {
		expect(mayAddParentInRoom(0)).toBe(true);
		expect(mayAddParentInRoom(1)).toBe(true);
		expect(mayAddParentInRoom(2)).toBe(false);
	});
});

describe('a device that takes new keys', () => {
	const rekeyed = {
		...device('a1', 'A', 'parent'),
		signingKey: 's3',
		encryptionKey: 'e3',
		formerKeys: [
			{ signingKey: 's2', untilSeq: 20 },
			{ signingKey: 's1', untilSeq: 10 }
		]
	};

	it('signs with each key only up to the op that gave it up', () => {
		expect(signingKeyAt(rekeyed, 5)).toBe('s1');
		expect(signingKeyAt(rekeyed, 10)).toBe('s1');
		expect(signingKeyAt(rekeyed, 11)).toBe('s2');
		expect(signingKeyAt(rekeyed, 20)).toBe('s2');
		expect(signingKeyAt(rekeyed, 21)).toBe('s3');
		expect(signingKeyAt(device('b1', 'B', 'parent'), 3)).toBe('s');
	});

	it('takes keys nobody in the space has or had, and only while it is in the space', () => {
		const other = { ...device('b1', 'B', 'parent'), signingKey: 'sb', encryptionKey: 'eb' };
		const devices = [rekeyed, other];
		expect(
			rekeyProblem(rekeyed, { signingKey: 's4', encryptionKey: 'e4' }, devices)
		).toBeUndefined();
		expect(rekeyProblem(rekeyed, { signingKey: 's1', encryptionKey: 'e4' }, devices)).toBe(
			'key-used-before'
		);
		expect(rekeyProblem(rekeyed, { signingKey: 'sb', encryptionKey: 'e4' }, devices)).toBe(
			'key-in-use'
		);
		expect(rekeyProblem(rekeyed, { signingKey: 's4', encryptionKey: 'eb' }, devices)).toBe(
			'key-in-use'
		);
		const gone = { ...rekeyed, removedAtSeq: 30 };
		expect(rekeyProblem(gone, { signingKey: 's4', encryptionKey: 'e4' }, devices)).toBe(
			'not-a-member'
		);
	});
});
