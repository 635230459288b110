import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord } from '$lib/db/schema';
import { inMemory, keysAreSealed, storedForm } from './device-keys';
import { formatSafetyCode } from '$lib/domain/membership';
import { generateMemberKeys, publicKeyBytes, toBase64Url, fromBase64Url } from './envelope';
import { createClock, formatStamp, parseStamp, receive, tick } from './hlc';

export function randomId(bytes = 16): string {
	return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
	const digest = new Uint8Array(
		await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
	);
	return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The code both devices show while joining. It depends on the invite secret and both
 * devices' signing keys, so a device in the middle would show a different one.
 */
export async function safetyCode(
	secret: string,
	inviterSigningKey: string,
	joinerSigningKey: string
): Promise<string> {
	const bytes = new TextEncoder().encode(
		`koers-safety-v1|${secret}|${inviterSigningKey}|${joinerSigningKey}`
	);
	return formatSafetyCode(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** New keys for an identity, made sealable when the app lock is on. */
export async function withNewKeys<T extends Omit<DeviceRecord, 'encryption' | 'signing'>>(
	identity: T,
	sealable = keysAreSealed()
): Promise<DeviceRecord> {
	const keys = await generateMemberKeys(sealable);
	return {
		...identity,
		encryption: keys.encryption,
		signing: keys.signing,
		encryptionPublic: toBase64Url(await publicKeyBytes(keys.encryption.publicKey)),
		signingPublic: toBase64Url(await publicKeyBytes(keys.signing.publicKey))
	};
}

async function newRecord(id: string, clock: (deviceId: string) => string) {
	const deviceId = crypto.randomUUID();
	const sealable = keysAreSealed();
	const record = await withNewKeys(
		{ id, deviceId, encryptionPublic: '', signingPublic: '', clock: clock(deviceId) },
		sealable
	);
	return { record, stored: await storedForm(record, sealable) };
}

/** This device's keys and clock, made on first use. */
export async function thisDevice(db: KoersDatabase): Promise<DeviceRecord> {
	const existing = await db.device.get('this');
	if (existing) return inMemory(existing);
	const { record, stored } = await newRecord('this', (deviceId) =>
		formatStamp(createClock(deviceId.replace(/-/g, '')))
	);
	// Two tabs may get here at once: the first one's keys win, the other uses them.
	const raced = await db.transaction('rw', db.device, async () => {
		const first = await db.device.get('this');
		if (!first) await db.device.add(stored);
		return first;
	});
	return raced ? inMemory(raced) : record;
}

const identityKey = (spaceId: string) => `space:${spaceId}`;

/**
 * This device as it is known in one space: an id, keys and clock node of its own there, so
 * neither the relay nor the members of two families can tell it is one device (a
 * counsellor's). Spaces joined before these existed keep the device-wide identity.
 */
export async function deviceFor(db: KoersDatabase, spaceId: string): Promise<DeviceRecord> {
	const own = await db.device.get(identityKey(spaceId));
	return own ? inMemory(own) : thisDevice(db);
}

/** A fresh identity for a space this device makes or joins (again). */
export async function newIdentity(db: KoersDatabase, spaceId: string): Promise<DeviceRecord> {
	const { record, stored } = await newRecord(identityKey(spaceId), () => '');
	await thisDevice(db);
	await db.device.put(stored);
	return record;
}

/** The clock node of an identity: its stamps name it, not the device. */
export function clockNode(device: DeviceRecord): string {
	return device.deviceId.replace(/-/g, '');
}

/**
 * A new stamp for a local change, saved so the clock never goes back. One clock for the
 * whole device keeps every stamp after the ones before; `node` names the identity.
 */
export async function nextStamp(
	db: KoersDatabase,
	node?: string,
	now = Date.now()
): Promise<string> {
	return db.transaction('rw', db.device, async () => {
		const device = (await db.device.get('this'))!;
		const clock = tick(parseStamp(device.clock)!, now);
		await db.device.update('this', { clock: formatStamp(clock) });
		return formatStamp({ ...clock, node: node ?? clock.node });
	});
}

/** Moves the clock past a stamp seen from another device; false if it is not believable. */
export async function observeStamp(
	db: KoersDatabase,
	stamp: string,
	now = Date.now()
): Promise<boolean> {
	const device = (await db.device.get('this'))!;
	const result = receive(parseStamp(device.clock)!, stamp, now);
	if (!result.ok) return false;
	await db.device.update('this', { clock: formatStamp(result.clock) });
	return true;
}

export { fromBase64Url };
