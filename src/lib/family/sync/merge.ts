/**
 * How devices agree on shared records without talking to each other: every record has one
 * owner and only its owner writes it; the newest stamp (HLC) wins; a delete is a tombstone
 * that also carries a stamp. Applying the same change twice, or changes in any order, gives
 * the same state.
 */
export interface Change {
	table: string;
	id: string;
	owner: string;
	stamp: string;
	/** The record as its owner wrote it, or null for a delete (tombstone). */
	record: unknown;
}

export interface Entry {
	owner: string;
	stamp: string;
	record: unknown;
}

export type Replica = Map<string, Entry>;

export type Applied = 'applied' | 'older' | 'same' | 'not-owner';

export function keyOf(change: Pick<Change, 'table' | 'id'>): string {
	return `${change.table}/${change.id}`;
}

/**
 * The one rule every device uses for a change to a record it may hold: the newest stamp of
 * the record's owner wins. A change by someone other than the record's first owner is
 * refused: records are owner-only, so no device can take over another's.
 */
export function decide(
	current: Pick<Entry, 'owner' | 'stamp'> | undefined,
	change: Pick<Change, 'owner' | 'stamp'>
): Applied {
	if (current && current.owner !== change.owner) return 'not-owner';
	if (current && current.stamp === change.stamp) return 'same';
	if (current && current.stamp > change.stamp) return 'older';
	return 'applied';
}

/** Applies one change to a replica (in place), by `decide`. */
export function applyChange(replica: Replica, change: Change): Applied {
	const key = keyOf(change);
	const outcome = decide(replica.get(key), change);
	if (outcome === 'applied')
		replica.set(key, { owner: change.owner, stamp: change.stamp, record: change.record });
	return outcome;
}

/** The live records of a replica (tombstones left out), for reading. */
export function liveRecords(replica: Replica): Map<string, unknown> {
	const live = new Map<string, unknown>();
	for (const [key, entry] of replica) if (entry.record !== null) live.set(key, entry.record);
	return live;
}
