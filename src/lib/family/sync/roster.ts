import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord, SpaceDeviceRecord } from '$lib/db/schema';
import type { SpaceDevice } from '$lib/domain/membership';
import { fromBase64Url, seal } from './envelope';
import { encodeOp, type DeviceCard, type Op } from './ops';

export function toSpaceDevice(record: SpaceDeviceRecord): SpaceDevice {
	const { payload, spaceId, admittedAt, removedAt, ...rest } = record;
	void spaceId;
	void admittedAt;
	void removedAt;
	return { ...rest, name: payload.name };
}

export function toDeviceRecord(
	spaceId: string,
	card: DeviceCard,
	admittedBy: string
): SpaceDeviceRecord {
	const { name, ...rest } = card;
	return { ...rest, spaceId, admittedBy, admittedAt: new Date().toISOString(), payload: { name } };
}

export function toCard(device: SpaceDevice): DeviceCard {
	return {
		deviceId: device.deviceId,
		memberId: device.memberId,
		role: device.role,
		name: device.name,
		encryptionKey: device.encryptionKey,
		signingKey: device.signingKey,
		tokenHash: device.tokenHash
	};
}

export async function devicesOf(db: KoersDatabase, spaceId: string): Promise<SpaceDevice[]> {
	return (await db.spaceDevices.where('spaceId').equals(spaceId).toArray()).map(toSpaceDevice);
}

/**
 * Seals an op for these devices, signed by this device for this space (a copy in another
 * space's log fails its signature there); the relay gets the JSON text.
 */
export async function sealOp(
	me: DeviceRecord,
	spaceId: string,
	op: Op,
	readers: readonly Pick<SpaceDevice, 'deviceId' | 'encryptionKey'>[]
): Promise<string> {
	const envelope = await seal(
		encodeOp(op),
		readers.map((r) => ({ id: r.deviceId, encryptionKey: fromBase64Url(r.encryptionKey) })),
		{ id: me.deviceId, signingKey: me.signing.privateKey },
		spaceId
	);
	return JSON.stringify(envelope);
}
