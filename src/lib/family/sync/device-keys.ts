import type { DeviceRecord, SecretKeys, StoredDeviceRecord } from '$lib/db/schema';
import { currentDataKey } from '$lib/lock/data-key';
import { fromBase64Url, toBase64Url, type MemberKeys } from './envelope';

/**
 * How an identity's private keys are kept. Without the app lock they are CryptoKeys made
 * not extractable: no script can read them, but the browser writes their bytes into its
 * files as they are. With the lock on they are PKCS #8 bytes in a sealed field instead,
 * and CryptoKeys (not extractable) again only in memory, after the code was given.
 */

/** Whether new keys should be sealable: the lock is on (its key is held in this tab). */
export const keysAreSealed = () => currentDataKey() !== undefined;

async function exportPrivate(key: CryptoKey): Promise<string> {
	return toBase64Url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', key)));
}

export async function toSecretKeys(keys: MemberKeys): Promise<SecretKeys> {
	return {
		encryption: await exportPrivate(keys.encryption.privateKey),
		signing: await exportPrivate(keys.signing.privateKey)
	};
}

async function importPair(
	algorithm: 'X25519' | 'Ed25519',
	secret: string,
	publicKey: string
): Promise<CryptoKeyPair> {
	const [privateUse, publicUse]: [KeyUsage[], KeyUsage[]] =
		algorithm === 'X25519' ? [['deriveBits'], []] : [['sign'], ['verify']];
	return {
		privateKey: await crypto.subtle.importKey(
			'pkcs8',
			fromBase64Url(secret),
			{ name: algorithm },
			false,
			privateUse
		),
		publicKey: await crypto.subtle.importKey(
			'raw',
			fromBase64Url(publicKey),
			{ name: algorithm },
			true,
			publicUse
		)
	};
}

/** Imported once per tab: every sync reads the identity again. */
const imported = new Map<string, Promise<MemberKeys>>();

function fromSecretKeys(record: StoredDeviceRecord, secret: SecretKeys): Promise<MemberKeys> {
	const cacheKey = `${record.id}|${record.signingPublic}|${record.encryptionPublic}`;
	let keys = imported.get(cacheKey);
	if (!keys) {
		keys = (async () => ({
			encryption: await importPair('X25519', secret.encryption, record.encryptionPublic),
			signing: await importPair('Ed25519', secret.signing, record.signingPublic)
		}))();
		imported.set(cacheKey, keys);
		keys.catch(() => imported.delete(cacheKey));
	}
	return keys;
}

/** The identity with usable CryptoKeys, whichever way it was stored. */
export async function inMemory(record: StoredDeviceRecord): Promise<DeviceRecord> {
	const { secretKeys, encryption, signing, ...rest } = record;
	if (encryption && signing) return { ...rest, encryption, signing };
	if (!secretKeys) throw new Error(`The identity ${record.id} has no keys`);
	return { ...rest, ...(await fromSecretKeys(record, secretKeys)) };
}

/** The identity as it is to be stored: sealable bytes, or CryptoKeys that cannot be read. */
export async function storedForm(
	record: DeviceRecord,
	sealable: boolean
): Promise<StoredDeviceRecord> {
	const { encryption, signing, ...rest } = record;
	if (!sealable) return { ...rest, encryption, signing };
	return { ...rest, secretKeys: await toSecretKeys({ encryption, signing }) };
}

/**
 * With the lock turned off, the keys become CryptoKeys again that no script can read; the
 * bytes are not kept.
 */
export async function unsealableForm(record: StoredDeviceRecord): Promise<StoredDeviceRecord> {
	if (!record.secretKeys) return record;
	const { secretKeys, ...rest } = record;
	void secretKeys;
	const keys = await fromSecretKeys(record, record.secretKeys);
	return { ...rest, ...keys };
}
