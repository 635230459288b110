import type { KoersDatabase } from '$lib/db/database';
import type { SpaceRecord } from '$lib/db/schema';
import { isActive } from '$lib/domain/membership';
import { itemKey } from './items';
import { devicesOf } from './roster';

/** The stamp of what the upgrade writes: older than anything a device ever stamped. */
const UPGRADE_STAMP = '000000000000000:00000:upgrade';

/**
 * A space made with a Koers from before the rules of who may read whose items takes them on
 * here, before it syncs again. Its people keep their places: everyone in it counts as agreed
 * to by everyone else in it (`before`), and envelopes this device already read stay believed
 * (`legacyUntil`). Every addition from now on follows the new rules. A space made or joined
 * since has `legacyUntil` from the start.
 */
export async function adoptTrustRules(db: KoersDatabase, space: SpaceRecord): Promise<void> {
	if (space.legacyUntil !== undefined) return;
	const people = [
		...new Set((await devicesOf(db, space.id)).filter(isActive).map((device) => device.memberId))
	];
	const agreedAt = new Date().toISOString();
	await db.transaction('rw', db.spaces, db.spaceItems, async () => {
		for (const owner of people)
			for (const reader of people.filter((p) => p !== owner)) {
				const key = itemKey(space.id, 'consents', owner, reader);
				if (await db.spaceItems.get(key)) continue;
				await db.spaceItems.put({
					key,
					spaceId: space.id,
					table: 'consents',
					id: reader,
					ownerId: owner,
					stamp: UPGRADE_STAMP,
					audience: 'open',
					pending: 0,
					payload: { agreedAt, how: 'before' }
				});
			}
		await db.spaces.update(space.id, { legacyUntil: space.lastSeq });
	});
	space.legacyUntil = space.lastSeq;
}
