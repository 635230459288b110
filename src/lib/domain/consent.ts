import type { ConsentWay } from './space-items';

/**
 * Who has said yes to whom in a family space. What an author writes is sealed only for
 * their own devices and the people they agreed to (see membership.ts); a person who came in
 * later waits for each author's yes, and the screens say so instead of showing nothing.
 */
export interface Consent {
	/** The author who said yes. */
	owner: string;
	/** The person they said yes to. */
	reader: string;
	agreedAt: string;
	how: ConsentWay;
}

/** The people among `people` whose yes `reader` still waits for (never themselves). */
export function yesMissingFor(
	reader: string,
	people: readonly string[],
	consents: readonly Consent[]
): string[] {
	const agreed = new Set(consents.filter((c) => c.reader === reader).map((c) => c.owner));
	return people.filter((p) => p !== reader && !agreed.has(p));
}

/** The people among `people` to whom `owner` has not said yes yet. */
export function waitingForYesOf(
	owner: string,
	people: readonly string[],
	consents: readonly Consent[]
): string[] {
	const agreed = new Set(consents.filter((c) => c.owner === owner).map((c) => c.reader));
	return people.filter((p) => p !== owner && !agreed.has(p));
}
