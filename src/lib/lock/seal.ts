import { gcm } from '@noble/ciphers/aes.js';

/**
 * AES-256-GCM, synchronous (noble): a record is sealed and opened inside a Dexie
 * transaction, where awaiting WebCrypto would end the transaction. A sealed value is the
 * 12-byte random nonce followed by the ciphertext and its tag.
 */
const NONCE_BYTES = 12;
export const DATA_KEY_BYTES = 32;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function sealBytes(key: Uint8Array, context: string, plain: Uint8Array): Uint8Array {
	const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
	const sealed = gcm(key, nonce, encoder.encode(context)).encrypt(plain);
	const out = new Uint8Array(NONCE_BYTES + sealed.length);
	out.set(nonce);
	out.set(sealed, NONCE_BYTES);
	return out;
}

/** Throws when the key, the context or any byte is not what sealed it. */
export function openBytes(key: Uint8Array, context: string, sealed: Uint8Array): Uint8Array {
	if (!(sealed instanceof Uint8Array) || sealed.length <= NONCE_BYTES) {
		throw new Error('Not a sealed value');
	}
	const nonce = sealed.subarray(0, NONCE_BYTES);
	return gcm(key, nonce, encoder.encode(context)).decrypt(sealed.subarray(NONCE_BYTES));
}

export function sealJson(key: Uint8Array, context: string, value: unknown): Uint8Array {
	return sealBytes(key, context, encoder.encode(JSON.stringify(value)));
}

export function openJson(key: Uint8Array, context: string, sealed: Uint8Array): unknown {
	return JSON.parse(decoder.decode(openBytes(key, context, sealed)));
}
