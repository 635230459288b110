import { parseProfile, type Profile } from '$lib/domain/profile';
import type { KoersDatabase } from './database';
import type { ProfileRecord } from './schema';

/** What screens read of the profile: the live manager, or what a first look found. */
export interface ProfileView {
	readonly stored: StoredProfile | undefined;
	readonly profile: Profile | undefined;
}

/** The profile a first look found; it does not change (nothing changes it on that screen). */
export function profileSeen(record: ProfileRecord | undefined): ProfileView {
	const stored = profileFromRecord(record);
	return { stored, profile: stored.status === 'ok' ? stored.profile : undefined };
}

export type StoredProfile =
	{ status: 'none' } | { status: 'ok'; profile: Profile } | { status: 'unreadable' };

function toRecord(profile: Profile): ProfileRecord {
	return {
		id: 'me',
		memberId: profile.memberId,
		role: profile.role,
		createdAt: profile.createdAt,
		updatedAt: profile.updatedAt,
		payload: { name: profile.name }
	};
}

export async function readProfile(db: KoersDatabase): Promise<StoredProfile> {
	return profileFromRecord(await db.profile.get('me'));
}

/** The stored record, checked: a record this code cannot read is reported, never guessed. */
export function profileFromRecord(record: ProfileRecord | undefined): StoredProfile {
	if (record === undefined) return { status: 'none' };
	const profile = parseProfile({ ...record, name: record.payload?.name });
	return profile ? { status: 'ok', profile } : { status: 'unreadable' };
}

export async function saveProfile(db: KoersDatabase, profile: Profile): Promise<void> {
	await db.profile.put(toRecord(profile));
}
