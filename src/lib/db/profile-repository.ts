import { parseProfile, type Profile } from '$lib/domain/profile';
import type { KoersDatabase } from './database';
import type { ProfileRecord } from './schema';

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
	const record = await db.profile.get('me');
	if (record === undefined) return { status: 'none' };
	const profile = parseProfile({ ...record, name: record.payload?.name });
	return profile ? { status: 'ok', profile } : { status: 'unreadable' };
}

export async function saveProfile(db: KoersDatabase, profile: Profile): Promise<void> {
	await db.profile.put(toRecord(profile));
}
