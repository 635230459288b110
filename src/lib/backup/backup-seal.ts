import { fromBase64Url, toBase64Url } from '$lib/family/sync/envelope';
import {
	BACKUP_FORMAT,
	BACKUP_VERSION,
	type BackupEnvelope,
	type BackupTables
} from '$lib/domain/backup';
import { codeKey, newArgon2Settings, type Argon2Settings } from '$lib/lock/code-key';
import { WrongCodeError } from '$lib/lock/lock-errors';

/**
 * A backup file, sealed with a passphrase: Argon2id (as the lock, decision 52) derives an
 * AES-GCM key; the file's own header (format, version, schema, date) is its associated
 * data, so a header changed by hand does not open either.
 */
const header = (envelope: Pick<BackupEnvelope, 'version' | 'schema' | 'createdAt'>) =>
	new TextEncoder().encode(
		`${BACKUP_FORMAT}|${envelope.version}|${envelope.schema}|${envelope.createdAt}`
	);

export async function makeBackupFile(
	tables: BackupTables,
	schema: number,
	passphrase: string | undefined,
	now = new Date()
): Promise<string> {
	const open = {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		schema,
		createdAt: now.toISOString()
	};
	if (passphrase === undefined) return JSON.stringify({ ...open, tables });
	const kdf = newArgon2Settings();
	const key = await codeKey(passphrase, kdf);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const plain = new TextEncoder().encode(JSON.stringify(tables));
	const data = new Uint8Array(
		await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header(open) }, key, plain)
	);
	const sealed = {
		kdf: { ...kdf, salt: toBase64Url(kdf.salt) },
		iv: toBase64Url(iv),
		data: toBase64Url(data)
	};
	return JSON.stringify({ ...open, sealed });
}

/** The tables inside a sealed file; WrongCodeError for a wrong passphrase or a changed file. */
export async function openBackupFile(
	envelope: BackupEnvelope,
	passphrase: string
): Promise<unknown> {
	const sealed = envelope.sealed;
	if (!sealed) return envelope.tables;
	let kdf: Argon2Settings;
	let iv: Uint8Array<ArrayBuffer>;
	let data: Uint8Array<ArrayBuffer>;
	try {
		const given = sealed.kdf;
		kdf = {
			name: 'argon2id',
			memoryKiB: boundedInteger(given.memoryKiB, 8 * 1024, 256 * 1024),
			iterations: boundedInteger(given.iterations, 1, 10),
			parallelism: boundedInteger(given.parallelism, 1, 4),
			salt: fromBase64Url(String(given.salt))
		};
		if (kdf.salt.length < 16 || kdf.salt.length > 64) throw new Error('Salt out of bounds');
		iv = fromBase64Url(sealed.iv);
		data = fromBase64Url(sealed.data);
	} catch {
		throw new WrongCodeError();
	}
	try {
		const key = await codeKey(passphrase, kdf);
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv, additionalData: header(envelope) },
			key,
			data
		);
		return JSON.parse(new TextDecoder().decode(plain));
	} catch {
		throw new WrongCodeError();
	}
}

/** A file may ask for any cost: within these bounds only (a huge one would hang the tab). */
function boundedInteger(value: unknown, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new Error('Key settings out of bounds');
	}
	return value;
}
