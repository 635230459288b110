import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_BYTES } from '$lib/domain/content-size';
import { RELAY_LIMITS } from '$lib/server/relay/protocol';
import {
	fromBase64Url,
	generateMemberKeys,
	open,
	publicKeyBytes,
	seal,
	toBase64Url,
	type Envelope
} from './envelope';

const SPACE = 'space-aaaaaaaaaaaa';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

async function member(id: string) {
	const keys = await generateMemberKeys();
	return {
		id,
		keys,
		reader: { id, encryptionKey: await publicKeyBytes(keys.encryption.publicKey) },
		signingPublic: await publicKeyBytes(keys.signing.publicKey),
		me: { id, encryptionKey: keys.encryption.privateKey }
	};
}

describe('envelopes', () => {
	it('round-trips base64url', () => {
		const data = new Uint8Array([0, 251, 255, 62, 63]);
		expect(fromBase64Url(toBase64Url(data))).toEqual(data);
		expect(toBase64Url(data)).not.toMatch(/[+/=]/);
	});

	it('opens for each chosen reader, and for nobody else', async () => {
		const [parentA, counsellor, parentB] = await Promise.all([
			member('a'),
			member('c'),
			member('b')
		]);
		const envelope = await seal(
			bytes('Mijn visie'),
			[parentA.reader, counsellor.reader],
			{
				id: 'a',
				signingKey: parentA.keys.signing.privateKey
			},
			SPACE
		);
		expect(JSON.stringify(envelope)).not.toContain('Mijn visie');
		for (const reader of [parentA, counsellor]) {
			const opened = await open(envelope, reader.me, parentA.signingPublic, { spaceId: SPACE });
			expect(opened.ok && text(opened.payload)).toBe('Mijn visie');
		}
		expect(await open(envelope, parentB.me, parentA.signingPublic, { spaceId: SPACE })).toEqual({
			ok: false,
			problem: 'not-for-me'
		});
	});

	it('detects any change, a reader added by someone else, and a wrong signer', async () => {
		const [a, b, stranger] = await Promise.all([member('a'), member('b'), member('x')]);
		const envelope = await seal(
			bytes('Alleen voor B'),
			[b.reader],
			{
				id: 'a',
				signingKey: a.keys.signing.privateKey
			},
			SPACE
		);

		const flipped = fromBase64Url(envelope.ciphertext);
		flipped[0] = flipped[0]! ^ 1;
		const tampered: Envelope = { ...envelope, ciphertext: toBase64Url(flipped) };
		expect(await open(tampered, b.me, a.signingPublic, { spaceId: SPACE })).toEqual({
			ok: false,
			problem: 'bad-signature'
		});

		const widened: Envelope = {
			...envelope,
			keys: [...envelope.keys, { iv: 'AAAA', key: 'AAAA' }]
		};
		expect(await open(widened, b.me, a.signingPublic, { spaceId: SPACE })).toEqual({
			ok: false,
			problem: 'bad-signature'
		});

		// Signed by the stranger but presented as A's: A's key does not verify it.
		const forged = await seal(
			bytes('Nep'),
			[b.reader],
			{
				id: 'a',
				signingKey: stranger.keys.signing.privateKey
			},
			SPACE
		);
		expect(await open(forged, b.me, a.signingPublic, { spaceId: SPACE })).toEqual({
			ok: false,
			problem: 'bad-signature'
		});

		// A correctly signed envelope whose wrapped key is not for this device's key: as far as
		// this device can tell, it is for someone else.
		const misaddressed = await seal(
			bytes('Verkeerd'),
			[{ id: 'b', encryptionKey: stranger.reader.encryptionKey }],
			{
				id: 'a',
				signingKey: a.keys.signing.privateKey
			},
			SPACE
		);
		expect(await open(misaddressed, b.me, a.signingPublic, { spaceId: SPACE })).toEqual({
			ok: false,
			problem: 'not-for-me'
		});
	});

	it('belongs to one space: a copy read in another space fails its signature', async () => {
		const [a, b] = await Promise.all([member('a'), member('b')]);
		const envelope = await seal(
			bytes('Alleen hier'),
			[b.reader],
			{ id: 'a', signingKey: a.keys.signing.privateKey },
			SPACE
		);
		expect(await open(envelope, b.me, a.signingPublic, { spaceId: SPACE })).toMatchObject({
			ok: true
		});
		expect(await open(envelope, b.me, a.signingPublic, { spaceId: 'other-space-bbbbbbb' })).toEqual(
			{ ok: false, problem: 'bad-signature' }
		);
	});

	it('keeps a newer format apart, and believes the first format only where allowed', async () => {
		const [a, b] = await Promise.all([member('a'), member('b')]);
		const envelope = await seal(
			bytes('x'),
			[b.reader],
			{ id: 'a', signingKey: a.keys.signing.privateKey },
			SPACE
		);
		const place = { spaceId: SPACE };
		expect(await open({ ...envelope, v: 3 }, b.me, a.signingPublic, place)).toEqual({
			ok: false,
			problem: 'newer-format'
		});
		const first = { ...envelope, v: 1 };
		expect(await open(first, b.me, a.signingPublic, place)).toEqual({
			ok: false,
			problem: 'old-format'
		});
		// Allowed, it is still checked: a version 1 envelope names its readers.
		expect(await open(first, b.me, a.signingPublic, { ...place, allowLegacy: true })).toEqual({
			ok: false,
			problem: 'malformed'
		});
	});

	it('does not show who reads it, and pads its size: a note for counsellors reads like an item for all', async () => {
		const people = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(member));
		const author = { id: 'a', signingKey: people[0]!.keys.signing.privateKey };
		const counsellors = await seal(bytes('kort'), [people[1]!.reader], author, SPACE);
		const everyone = await seal(
			bytes('iets langer, voor iedereen'),
			people.slice(1).map((p) => p.reader),
			author,
			SPACE
		);
		for (const envelope of [counsellors, everyone]) {
			expect(JSON.stringify(envelope)).not.toMatch(/"reader"/);
			expect(envelope.keys.length).toBe(4);
		}
		expect(JSON.stringify(counsellors).length).toBe(JSON.stringify(everyone).length);
		const place = { spaceId: SPACE };
		const opened = await open(everyone, people[3]!.me, people[0]!.signingPublic, place);
		expect(opened.ok && text(opened.payload)).toBe('iets langer, voor iedereen');
		expect(await open(counsellors, people[3]!.me, people[0]!.signingPublic, place)).toEqual({
			ok: false,
			problem: 'not-for-me'
		});
	});

	it('the largest content there may be, padded and sealed for 40 readers, fits the relay', async () => {
		const people = await Promise.all(Array.from({ length: 40 }, (_, i) => member(`reader-${i}`)));
		const author = { id: 'a', signingKey: people[0]!.keys.signing.privateKey };
		// The content, with room for the op's own fields (ids, stamp, table) around it.
		const payload = new Uint8Array(MAX_CONTENT_BYTES + 1024).fill(0x41);
		const envelope = await seal(
			payload,
			people.map((p) => p.reader),
			author,
			SPACE
		);
		expect(new TextEncoder().encode(JSON.stringify(envelope)).length).toBeLessThanOrEqual(
			RELAY_LIMITS.opBytes
		);
	});

	it('reports malformed input without throwing', async () => {
		const b = await member('b');
		for (const bad of [null, 'envelope', { v: 2 }, { v: 2, keys: 'x' }]) {
			expect(await open(bad, b.me, b.signingPublic, { spaceId: SPACE })).toEqual({
				ok: false,
				problem: 'malformed'
			});
		}
	});
});
