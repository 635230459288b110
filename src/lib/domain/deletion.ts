/** Deleted items can be found back and restored for 30 days, then they are gone for good. */
export const RESTORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Deletable {
	deletedAt?: string;
}

export function isDeleted(item: Deletable): boolean {
	return item.deletedAt !== undefined;
}

/** Whole days left to restore (at least 1 while restorable), or 0 once it may be purged. */
export function daysLeftToRestore(item: Deletable, now: Date): number {
	if (!item.deletedAt) return RESTORE_DAYS;
	const left = Date.parse(item.deletedAt) + RESTORE_DAYS * DAY_MS - now.getTime();
	return left <= 0 ? 0 : Math.ceil(left / DAY_MS);
}

export function isRestorable(item: Deletable, now: Date): boolean {
	return isDeleted(item) && daysLeftToRestore(item, now) > 0;
}

export function shouldPurge(item: Deletable, now: Date): boolean {
	return isDeleted(item) && daysLeftToRestore(item, now) === 0;
}
