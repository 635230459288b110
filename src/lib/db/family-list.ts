import type { KoersDatabase } from './database';
import type { SpaceRecord } from './schema';

/**
 * The families this device lists, first joined first. A family it was never let into (and
 * took off again) is not one of its families. The first look's spaces go through the same.
 */
export function familiesShown(spaces: readonly SpaceRecord[]): SpaceRecord[] {
	return spaces
		.filter((space) => !(space.leftAt && !space.payload.name))
		.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
}

export async function familyList(db: KoersDatabase): Promise<SpaceRecord[]> {
	return familiesShown(await db.spaces.toArray());
}

/** How many families this device shares with now: joined, let in, and not left. */
export async function familiesConnected(db: KoersDatabase): Promise<number> {
	return db.spaces.filter((space) => !space.leftAt && !space.joining).count();
}
