/**
 * End-to-end encryption of one shared item for exactly its readers (WebCrypto only).
 *
 * The payload is encrypted once with a fresh AES-GCM content key. That key is wrapped for
 * each reader: an ephemeral X25519 key agrees a secret with the reader's public key, HKDF
 * turns it into an AES-GCM key, which encrypts the content key. The author signs the whole
 * envelope with Ed25519, so a changed byte, a removed or added reader, or another signer is
 * detected before anything is decrypted. The relay only ever sees the envelope.
 */
/**
 * Version 2 signs the space id too (it is not sent: each reader checks against the space it
 * reads), so an op copied into another family's log fails its signature there. Version 1
 * envelopes are only believed where the caller allows them (ops a device had already read
 * before it updated).
 */
const VERSION = 2;
const LEGACY_VERSION = 1;
const encoder = new TextEncoder();

/**
 * The content key wrapped for one reader. Version 2 does not name the reader: each reader
 * finds its own key by trying them (one key agreement per envelope, then a cheap AES-GCM
 * check per key), so the relay cannot see who reads an op.
 */
export interface WrappedKey {
	reader?: string;
	iv: string;
	key: string;
}

export interface Envelope {
	v: typeof VERSION | typeof LEGACY_VERSION;
	signer: string;
	ephemeral: string;
	iv: string;
	ciphertext: string;
	keys: WrappedKey[];
	signature: string;
}

export interface MemberKeys {
	encryption: CryptoKeyPair;
	signing: CryptoKeyPair;
}

export interface Reader {
	id: string;
	/** Raw X25519 public key. */
	encryptionKey: Uint8Array;
}

export type OpenProblem =
	'malformed' | 'bad-signature' | 'not-for-me' | 'tampered' | 'newer-format' | 'old-format';

/** Where an envelope belongs, and whether a version 1 envelope may be believed there. */
export interface Place {
	spaceId: string;
	allowLegacy?: boolean;
}

export function toBase64Url(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += String.fromCharCode(byte);
	return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
	const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

/**
 * A member device's two key pairs. Private keys never leave the device: not extractable,
 * unless the app lock is to seal them (`sealable`, see sync/device-keys.ts).
 */
export async function generateMemberKeys(sealable = false): Promise<MemberKeys> {
	const encryption = (await crypto.subtle.generateKey({ name: 'X25519' }, sealable, [
		'deriveBits'
	])) as CryptoKeyPair;
	const signing = (await crypto.subtle.generateKey({ name: 'Ed25519' }, sealable, [
		'sign',
		'verify'
	])) as CryptoKeyPair;
	return { encryption, signing };
}

export async function publicKeyBytes(key: CryptoKey): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.exportKey('raw', key));
}

async function wrappingKey(
	privateKey: CryptoKey,
	publicKey: Uint8Array<ArrayBuffer>,
	reader: string,
	usage: KeyUsage
) {
	const peer = await crypto.subtle.importKey('raw', publicKey, { name: 'X25519' }, false, []);
	const secret = await crypto.subtle.deriveBits({ name: 'X25519', public: peer }, privateKey, 256);
	const material = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(32),
			// Key wrapping did not change in version 2, so its label stays the same.
			info: encoder.encode(`koers-wrap-v1:${reader}`)
		},
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		[usage]
	);
}

/**
 * The exact bytes the author signs: every field but the signature, in a fixed order, and
 * (from version 2) the space the envelope is written for.
 */
function signedBytes(
	envelope: Omit<Envelope, 'signature'>,
	spaceId: string
): Uint8Array<ArrayBuffer> {
	const keys = envelope.keys
		.map((k) => (k.reader === undefined ? `${k.iv}.${k.key}` : `${k.reader}.${k.iv}.${k.key}`))
		.join(',');
	const fields = [
		`v${envelope.v}`,
		envelope.signer,
		envelope.ephemeral,
		envelope.iv,
		envelope.ciphertext,
		keys
	];
	if (envelope.v !== LEGACY_VERSION) fields.splice(1, 0, spaceId);
	return encoder.encode(fields.join('|'));
}

/**
 * Sizes an envelope is padded to, so the relay cannot tell one kind of op from another by
 * its shape: the plaintext to one of a few lengths (JSON ignores the trailing spaces), the
 * wrapped keys to one of a few counts (the extra ones are random and open for nobody).
 */
// The largest class still seals below the relay's 64 KiB per op, with 64 readers.
const PAYLOAD_CLASSES = [512, 1024, 2048, 4096, 8192, 16_384, 32_768, 40_960];
const KEY_CLASSES = [4, 8, 16, 32, 64];

const sizeClass = (size: number, classes: readonly number[]) =>
	classes.find((c) => c >= size) ?? size;

function padded(payload: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(sizeClass(payload.length, PAYLOAD_CLASSES)).fill(0x20);
	out.set(payload);
	return out;
}

function randomKey(): WrappedKey {
	return {
		iv: toBase64Url(crypto.getRandomValues(new Uint8Array(12))),
		key: toBase64Url(crypto.getRandomValues(new Uint8Array(48)))
	};
}

function shuffle<T>(items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
		[items[i], items[j]] = [items[j]!, items[i]!];
	}
	return items;
}

export async function seal(
	payload: Uint8Array<ArrayBuffer>,
	readers: readonly Reader[],
	author: { id: string; signingKey: CryptoKey },
	spaceId: string
): Promise<Envelope> {
	const contentKey = crypto.getRandomValues(new Uint8Array(32));
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const aes = await crypto.subtle.importKey('raw', contentKey, 'AES-GCM', false, ['encrypt']);
	const ciphertext = new Uint8Array(
		await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, padded(payload))
	);
	const ephemeral = (await crypto.subtle.generateKey({ name: 'X25519' }, true, [
		'deriveBits'
	])) as CryptoKeyPair;
	const keys: WrappedKey[] = [];
	for (const reader of readers) {
		const wrapIv = crypto.getRandomValues(new Uint8Array(12));
		const wrap = await wrappingKey(
			ephemeral.privateKey,
			new Uint8Array(reader.encryptionKey),
			reader.id,
			'encrypt'
		);
		const wrapped = new Uint8Array(
			await crypto.subtle.encrypt({ name: 'AES-GCM', iv: wrapIv }, wrap, contentKey)
		);
		keys.push({ iv: toBase64Url(wrapIv), key: toBase64Url(wrapped) });
	}
	while (keys.length < sizeClass(keys.length, KEY_CLASSES)) keys.push(randomKey());
	shuffle(keys);
	const unsigned = {
		v: VERSION,
		signer: author.id,
		ephemeral: toBase64Url(await publicKeyBytes(ephemeral.publicKey)),
		iv: toBase64Url(iv),
		ciphertext: toBase64Url(ciphertext),
		keys
	} as const;
	const signature = await crypto.subtle.sign(
		{ name: 'Ed25519' },
		author.signingKey,
		signedBytes(unsigned, spaceId)
	);
	return { ...unsigned, signature: toBase64Url(new Uint8Array(signature)) };
}

/** A version number above ours: written by a newer Koers, kept until this one updates. */
function isNewerEnvelope(value: unknown): boolean {
	const v = (value as { v?: unknown } | null)?.v;
	return typeof v === 'number' && Number.isInteger(v) && v > VERSION;
}

function isEnvelope(value: unknown): value is Envelope {
	const e = value as Partial<Envelope> | null;
	const text = (v: unknown) => typeof v === 'string' && v.length > 0;
	return (
		typeof e === 'object' &&
		e !== null &&
		(e.v === VERSION || e.v === LEGACY_VERSION) &&
		[e.signer, e.ephemeral, e.iv, e.ciphertext, e.signature].every(text) &&
		Array.isArray(e.keys) &&
		e.keys.length <= 256 &&
		e.keys.every(
			(k) =>
				typeof k === 'object' &&
				k !== null &&
				(e.v === LEGACY_VERSION ? text(k.reader) : k.reader === undefined) &&
				text(k.iv) &&
				text(k.key)
		)
	);
}

async function verify(
	envelope: Envelope,
	signerKey: Uint8Array,
	spaceId: string
): Promise<boolean> {
	try {
		const verifier = await crypto.subtle.importKey(
			'raw',
			new Uint8Array(signerKey),
			{ name: 'Ed25519' },
			false,
			['verify']
		);
		const { signature, ...unsigned } = envelope;
		return await crypto.subtle.verify(
			{ name: 'Ed25519' },
			verifier,
			fromBase64Url(signature),
			signedBytes(unsigned, spaceId)
		);
	} catch {
		return false;
	}
}

async function decrypt(
	envelope: Envelope,
	me: { id: string; encryptionKey: CryptoKey }
): Promise<OpenResult> {
	const candidates =
		envelope.v === LEGACY_VERSION ? envelope.keys.filter((k) => k.reader === me.id) : envelope.keys;
	if (candidates.length === 0) return { ok: false, problem: 'not-for-me' };
	let unwrap: CryptoKey;
	try {
		unwrap = await wrappingKey(
			me.encryptionKey,
			fromBase64Url(envelope.ephemeral),
			me.id,
			'decrypt'
		);
	} catch {
		return { ok: false, problem: 'tampered' };
	}
	let contentKey: ArrayBuffer | undefined;
	for (const candidate of candidates) {
		try {
			contentKey = await crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: fromBase64Url(candidate.iv) },
				unwrap,
				fromBase64Url(candidate.key)
			);
			break;
		} catch {
			// Someone else's key (or padding): try the next one.
		}
	}
	if (!contentKey)
		return { ok: false, problem: envelope.v === LEGACY_VERSION ? 'tampered' : 'not-for-me' };
	try {
		const aes = await crypto.subtle.importKey('raw', contentKey, 'AES-GCM', false, ['decrypt']);
		const payload = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: fromBase64Url(envelope.iv) },
			aes,
			fromBase64Url(envelope.ciphertext)
		);
		return { ok: true, payload: unpadded(new Uint8Array(payload)) };
	} catch {
		return { ok: false, problem: 'tampered' };
	}
}

/** The payload without the spaces `seal` padded it with (payloads are JSON text). */
function unpadded(payload: Uint8Array): Uint8Array {
	let end = payload.length;
	while (end > 0 && payload[end - 1] === 0x20) end--;
	return payload.subarray(0, end);
}

export type OpenResult = { ok: true; payload: Uint8Array } | { ok: false; problem: OpenProblem };

/** Whether this reader can open the envelope (its signature is not checked here). */
export async function opensFor(
	value: unknown,
	me: { id: string; encryptionKey: CryptoKey }
): Promise<boolean> {
	return isEnvelope(value) && (await decrypt(value, me)).ok;
}

/** The signer an envelope names, or undefined for something that is no envelope. */
export function signerOf(value: unknown): string | undefined {
	return isEnvelope(value) ? value.signer : undefined;
}

/**
 * Opens an envelope for one reader, after checking the signature against the public key of
 * the member the envelope names as its signer. Anything wrong is reported, never guessed.
 */
export async function open(
	value: unknown,
	me: { id: string; encryptionKey: CryptoKey },
	signerKey: Uint8Array,
	place: Place
): Promise<OpenResult> {
	const problem = versionProblem(value, place);
	if (problem) return { ok: false, problem };
	const envelope = value as Envelope;
	if (!(await verify(envelope, signerKey, place.spaceId)))
		return { ok: false, problem: 'bad-signature' };
	return decrypt(envelope, me);
}

/**
 * What is wrong with an envelope's format here, before anything is checked or opened: a
 * newer version (kept for after an update), the first version where it is not believed, or
 * no envelope at all.
 */
export function versionProblem(
	value: unknown,
	place: Place
): 'newer-format' | 'old-format' | 'malformed' | undefined {
	if (isNewerEnvelope(value)) return 'newer-format';
	if ((value as { v?: unknown } | null)?.v === LEGACY_VERSION && !place.allowLegacy)
		return 'old-format';
	if (!isEnvelope(value)) return 'malformed';
	return undefined;
}

/**
 * Opens an envelope from a device not known yet (a device answering an invite), whose
 * signing key travels inside the payload: decrypt, take the key from the payload, then
 * check that the envelope was signed with it. Proves the sender holds that key.
 */
export async function openSelfSigned(
	value: unknown,
	me: { id: string; encryptionKey: CryptoKey },
	signingKeyIn: (payload: Uint8Array) => Uint8Array | undefined,
	place: Place
): Promise<OpenResult> {
	const problem = versionProblem(value, place);
	if (problem) return { ok: false, problem };
	const envelope = value as Envelope;
	const opened = await decrypt(envelope, me);
	if (!opened.ok) return opened;
	const key = signingKeyIn(opened.payload);
	if (!key || !(await verify(envelope, key, place.spaceId)))
		return { ok: false, problem: 'bad-signature' };
	return opened;
}
