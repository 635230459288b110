import type { KoersDatabase } from './database';
import type { ProfileRecord } from './schema';

/** The profile of the person on this device, for actions that cannot run without one. */
export async function currentProfile(db: KoersDatabase): Promise<ProfileRecord> {
	const profile = await db.profile.get('me');
	if (!profile) throw new Error('No profile on this device');
	return profile;
}
