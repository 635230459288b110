/**
 * Orders ISO dates and timestamps ("2026-03-10", "2026-03-10T20:00:00.000Z") by their
 * characters, which is their time order. Much cheaper than localeCompare on long lists.
 */
export function compareIso(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Reflections and the like, newest day first, then newest written first. */
export function newestFirst(
	a: { date: string; createdAt: string },
	b: { date: string; createdAt: string }
): number {
	return compareIso(b.date, a.date) || compareIso(b.createdAt, a.createdAt);
}
