import { argon2id } from 'hash-wasm';
import { DEFAULT_IDLE_MINUTES, type CodeKind, type IdleMinutes } from '$lib/domain/app-lock';
import { WrongCodeError } from './lock-errors';
import { DATA_KEY_BYTES } from './seal';

export { WrongCodeError };

/**
 * The person's code never unlocks anything itself: Argon2id turns it into a key that wraps
 * the one data key (decision 52). The code is checked by unwrapping; nothing derived from
 * it alone is stored.
 */
type Bytes = Uint8Array<ArrayBuffer>;

export interface Argon2Settings {
	name: 'argon2id';
	/** RFC 9106's second choice, for devices with little memory: 64 MiB, 3 passes. */
	memoryKiB: number;
	iterations: number;
	parallelism: number;
	salt: Bytes;
}

/** The lock's own record, in `meta` (never sealed: it is read before the code is known). */
export interface LockRecord {
	kind: CodeKind;
	kdf: Argon2Settings;
	wrapped: { iv: Bytes; key: Bytes };
	since: string;
	/** Koers locks after this many minutes without use. */
	idleMinutes: IdleMinutes;
}

const WRAP_CONTEXT = new TextEncoder().encode('koers data key');

export function newArgon2Settings(): Argon2Settings {
	return {
		name: 'argon2id',
		memoryKiB: 64 * 1024,
		iterations: 3,
		parallelism: 1,
		salt: crypto.getRandomValues(new Uint8Array(16))
	};
}

/** The same code typed on another keyboard or pasted from a password manager gives one key. */
const normalise = (code: string) => code.normalize('NFC');

/** The AES-GCM key that a code (or a backup's passphrase) gives with these settings. */
export async function codeKey(code: string, kdf: Argon2Settings): Promise<CryptoKey> {
	const raw = await argon2id({
		password: normalise(code),
		salt: kdf.salt,
		memorySize: kdf.memoryKiB,
		iterations: kdf.iterations,
		parallelism: kdf.parallelism,
		hashLength: 32,
		outputType: 'binary'
	});
	try {
		return await crypto.subtle.importKey('raw', raw as Bytes, 'AES-GCM', false, [
			'encrypt',
			'decrypt'
		]);
	} finally {
		raw.fill(0);
	}
}

export function newDataKey(): Bytes {
	return crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));
}

export async function wrapDataKey(
	dataKey: Bytes,
	code: string,
	kind: CodeKind,
	kdf = newArgon2Settings()
): Promise<LockRecord> {
	const key = await codeKey(code, kdf);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const params = { name: 'AES-GCM', iv, additionalData: WRAP_CONTEXT };
	const wrapped = new Uint8Array(await crypto.subtle.encrypt(params, key, dataKey));
	return {
		kind,
		kdf,
		wrapped: { iv, key: wrapped },
		since: new Date().toISOString(),
		idleMinutes: DEFAULT_IDLE_MINUTES
	};
}

/** The data key, or WrongCodeError. */
export async function unwrapDataKey(lock: LockRecord, code: string): Promise<Bytes> {
	const key = await codeKey(code, lock.kdf);
	const params = { name: 'AES-GCM', iv: lock.wrapped.iv, additionalData: WRAP_CONTEXT };
	try {
		return new Uint8Array(await crypto.subtle.decrypt(params, key, lock.wrapped.key));
	} catch {
		throw new WrongCodeError();
	}
}
