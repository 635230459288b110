import type { KoersDatabase } from '$lib/db/database';
import type { SpaceRecord } from '$lib/db/schema';
import { applyOp, type SetAside } from './apply';
import { deviceFor } from './device';
import type { RelayUse } from './relay-client';

/**
 * Set-aside ops are kept with their text and tried again: after this device updates (an op
 * from a newer Koers, or one a fixed check now accepts), and on every run for what may
 * pass later by itself (a stamp from a clock that ran ahead, a write that failed).
 */
const TRY_EVERY_RUN: readonly string[] = ['failed', 'clock'] satisfies SetAside[];

export async function retrySetAside(db: KoersDatabase, space: SpaceRecord, appVersion: string) {
	const rows = await db.syncProblems
		.where('spaceId')
		.equals(space.id)
		.filter(
			(row) =>
				Boolean(row.body) && (row.appVersion !== appVersion || TRY_EVERY_RUN.includes(row.problem))
		)
		.toArray();
	if (rows.length === 0) return;
	const [device, profile] = await Promise.all([deviceFor(db, space.id), db.profile.get('me')]);
	for (const row of rows) {
		const outcome = await applyOp(db, space, device, profile!.memberId, {
			seq: row.seq,
			body: row.body!,
			from: row.from
		});
		if (typeof outcome === 'object')
			await db.syncProblems.update(row.id!, { problem: outcome.setAside, appVersion });
		else await db.syncProblems.delete(row.id!);
	}
}

/**
 * The relay's numbers went back: it was restored from a backup or replaced, and what came
 * after is gone there. Read the log again from the start (applying is idempotent) and mark
 * everything this person shared in the space to be sent again.
 */
export async function resendAfterRelayLoss(
	db: KoersDatabase,
	space: SpaceRecord,
	memberId: string
) {
	await db.transaction('rw', [db.spaces, db.recordSync, db.spaceItems], async () => {
		await db.spaces.update(space.id, {
			lastSeq: 0,
			lastMark: undefined,
			lastSent: undefined,
			relayResetAt: new Date().toISOString()
		});
		if (space.myRole === 'parent')
			await db.recordSync.toCollection().modify((row) => {
				delete row.sentFingerprint;
				delete row.sentAt;
			});
		await db.spaceItems
			.where('spaceId')
			.equals(space.id)
			.filter((row) => row.ownerId === memberId)
			.modify({ pending: 1 });
	});
}

/** The relay said this device is no member (any more): noted, nothing deleted. */
export async function markRefused(db: KoersDatabase, spaceId: string) {
	await db.spaces.update(spaceId, { refusedAt: new Date().toISOString() });
}

/**
 * Remembers how full the space is on the relay, written only when the whole percentage or
 * being full changes. `full`: the relay refused a batch for it (since when is kept), or a
 * batch went (no longer full); not given, it stays as it was.
 */
export async function noteRelayUse(
	db: KoersDatabase,
	spaceId: string,
	use: Partial<RelayUse>,
	full?: 'refused' | 'sent'
) {
	const { used, quota } = use;
	// A relay from before quotas says nothing of them.
	if (typeof used !== 'number' || typeof quota !== 'number' || !(quota > 0)) return;
	const before = (await db.spaces.get(spaceId))?.relayUse;
	const fullAt =
		full === 'sent'
			? undefined
			: (before?.fullAt ?? (full === 'refused' ? new Date().toISOString() : undefined));
	const percent = (u: RelayUse) => Math.floor((u.used * 100) / u.quota);
	const next = { used, quota, ...(fullAt ? { fullAt } : {}) };
	const same =
		before?.quota === quota && percent(before) === percent(next) && before.fullAt === fullAt;
	if (!same) await db.spaces.update(spaceId, { relayUse: next });
}
