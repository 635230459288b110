import { describe, expect, it } from 'vitest';
import { inviteLink, readInvite, type Invite } from './invite-link';
import { parseOp, encodeOp } from './ops';

const invite: Invite = {
	inviteId: 'inv-1',
	spaceId: 'space_1234567890ab',
	secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ',
	role: 'parent',
	expiresAt: 1_800_000_000_000,
	inviter: { deviceId: 'dev-1', encryptionKey: 'ek', signingKey: 'sk' },
	spaceName: 'Gezin Jansen',
	inviterName: 'Karin',
	members: [{ memberId: 'member-k', name: 'Karin', role: 'counsellor' }]
};

describe('invite links', () => {
	it('carry the invite in the fragment only, and read back the same', () => {
		const link = inviteLink('https://koers.example', invite);
		const url = new URL(link);
		expect(url.pathname).toBe('/gezin/deelnemen');
		expect(url.search).toBe('');
		expect(url.hash).toContain(invite.secret);
		expect(readInvite(link)).toEqual(invite);
		expect(readInvite(url.hash)).toEqual(invite);
		const own = { ...invite, memberId: 'member-1' };
		expect(readInvite(inviteLink('https://k', own))).toEqual(own);
	});

	it('refuses anything that is not a whole, valid invite', () => {
		const link = inviteLink('https://k', invite);
		expect(readInvite('https://k/gezin/deelnemen')).toBeUndefined();
		expect(readInvite(link.slice(0, -20))).toBeUndefined();
		expect(readInvite(link.replace('parent', 'boss'))).toBeUndefined();
		expect(readInvite(link.replace('inv-1', '<script>'))).toBeUndefined();
		expect(readInvite('#uitnodiging=%E0%A4%A')).toBeUndefined();
	});
});

describe('ops', () => {
	it('read back what was written and refuse malformed or unknown ones', () => {
		const op = {
			t: 'record' as const,
			table: 'statements' as const,
			id: 'abc',
			owner: 'member-1',
			stamp: '000001700000000:00000:node',
			visibility: 'family' as const,
			record: {
				id: 'abc',
				ownerId: 'member-1',
				kind: 'vision',
				theme: 'care',
				visibility: 'family',
				order: 0,
				createdAt: '2026-11-01T10:00:00.000Z',
				updatedAt: '2026-11-01T10:00:00.000Z',
				payload: { text: 'Rust voor de kinderen', childIds: [] }
			}
		};
		expect(parseOp(encodeOp(op))).toEqual(op);
		expect(parseOp(encodeOp({ ...op, table: 'profile' as never }))).toBeUndefined();
		expect(parseOp(encodeOp({ ...op, stamp: 'yesterday' }))).toBeUndefined();
		expect(parseOp(encodeOp({ ...op, visibility: 'everyone' as never }))).toBeUndefined();
		expect(parseOp(new TextEncoder().encode('{not json'))).toBeUndefined();
		expect(parseOp(new Uint8Array([0xff, 0xfe]))).toBeUndefined();
		expect(parseOp(encodeOp({ t: 'remove', deviceIds: [] }))).toBeUndefined();
	});
});
