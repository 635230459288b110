import type { KoersDatabase } from '$lib/db/database';
import type {
	InviteRecord,
	OutboxRecord,
	SpaceDeviceRecord,
	SpaceRecord,
	StoredDeviceRecord
} from '$lib/db/schema';
import { withNewKeys } from './device';
import { inMemory, storedForm, unsealableForm } from './device-keys';
import { sealOp } from './roster';

/**
 * Turning the app lock on gives every identity of this device new keys. The old private
 * keys were CryptoKeys the browser keeps in its files unsealed, so whoever copies those
 * files has them: they must not count any more. Each family hears of the new keys in a
 * rekey op signed with the old key (see apply.ts), sent before anything the new key signs.
 */

type Contents = Map<string, unknown[]>;

/** What waits on this device's present keys; the lock goes on once it is done. */
export const KEYS_IN_USE = ['joining', 'invite-open'] as const;
export type KeysInUse = (typeof KEYS_IN_USE)[number];

export class KeysInUseError extends Error {
	constructor(readonly reason: KeysInUse) {
		super(`The device keys are in use: ${reason}`);
		this.name = 'KeysInUseError';
	}
}

/**
 * A join this device waits on was answered with its present keys, and an invite it made
 * carries them in its link: new keys would leave either unanswerable.
 */
export function keysInUse(
	spaces: readonly SpaceRecord[],
	invites: readonly InviteRecord[],
	now = Date.now()
): KeysInUse | undefined {
	if (spaces.some((space) => space.joining && !space.leftAt)) return 'joining';
	const waiting = invites.some(
		(invite) =>
			(invite.status === 'open' || invite.status === 'answered') &&
			Date.parse(invite.expiresAt) > now
	);
	return waiting ? 'invite-open' : undefined;
}

export async function keysInUseNow(db: KoersDatabase): Promise<KeysInUse | undefined> {
	return keysInUse(await db.spaces.toArray(), await db.invites.toArray());
}

const identityOf = (spaceId: string) => `space:${spaceId}`;

/** The contents of the database, with new sealable keys and a rekey op for each family. */
export async function rekeyed(contents: Contents): Promise<Contents> {
	const spaces = (contents.get('spaces') ?? []) as SpaceRecord[];
	const reason = keysInUse(spaces, (contents.get('invites') ?? []) as InviteRecord[]);
	if (reason) throw new KeysInUseError(reason);
	const stored = (contents.get('device') ?? []) as StoredDeviceRecord[];
	const identities = new Map(stored.map((record) => [record.id, record]));
	const members = (contents.get('spaceDevices') ?? []) as SpaceDeviceRecord[];
	const announced: OutboxRecord[] = [];
	const createdAt = new Date().toISOString();
	const next = new Map<string, StoredDeviceRecord>();
	for (const record of stored) {
		const old = await inMemory(record);
		const renewed = await withNewKeys(old, true);
		next.set(record.id, await storedForm(renewed, true));
		// Spaces from before identities per space use the device-wide one (`this`).
		const served = spaces.filter(
			(space) =>
				!space.leftAt &&
				(identities.has(identityOf(space.id))
					? record.id === identityOf(space.id)
					: record.id === 'this')
		);
		for (const space of served) {
			const others = members.filter(
				(m) => m.spaceId === space.id && m.removedAtSeq === undefined && m.deviceId !== old.deviceId
			);
			// Sealed for itself too (the new key): reading it back, it takes its new keys.
			const readers = [
				...others,
				{ deviceId: old.deviceId, encryptionKey: renewed.encryptionPublic }
			];
			const op = {
				t: 'rekey' as const,
				encryptionKey: renewed.encryptionPublic,
				signingKey: renewed.signingPublic
			};
			announced.push({
				spaceId: space.id,
				createdAt,
				body: await sealOp(old, space.id, op, readers)
			});
		}
	}
	contents.set(
		'device',
		stored.map((record) => next.get(record.id)!)
	);
	contents.set(
		'outbox',
		inSendingOrder((contents.get('outbox') ?? []) as OutboxRecord[], announced)
	);
	return contents;
}

/**
 * Ops already sealed went with the old key and go first; then the rekey; then what is
 * sealed when it is sent, with the new key. The numbers are given again in that order.
 */
function inSendingOrder(queued: OutboxRecord[], rekeys: OutboxRecord[]): OutboxRecord[] {
	const sealed = queued.filter((entry) => entry.body);
	const later = queued.filter((entry) => !entry.body);
	return [...sealed, ...rekeys, ...later].map((entry, at) => ({ ...entry, seq: at + 1 }));
}

/** Turning the lock off: the keys become CryptoKeys again that no script can read. */
export async function unsealedKeys(contents: Contents): Promise<Contents> {
	const stored = (contents.get('device') ?? []) as StoredDeviceRecord[];
	contents.set('device', await Promise.all(stored.map(unsealableForm)));
	return contents;
}
