/** A child as the parent names them (first name or nickname) with their birth year. */
export interface Child {
	id: string;
	ownerId: string;
	name: string;
	birthYear?: number;
	createdAt: string;
	updatedAt: string;
	deletedAt?: string;
}

export const CHILD_NAME_MAX_LENGTH = 40;
export const CHILD_PROBLEMS = ['name-empty', 'name-too-long', 'year-invalid'] as const;
export type ChildProblem = (typeof CHILD_PROBLEMS)[number];

export function checkChild(
	rawName: string,
	rawYear: string,
	now: Date
): { ok: true; name: string; birthYear?: number } | { ok: false; problems: ChildProblem[] } {
	const name = rawName.replace(/\s+/g, ' ').trim();
	const problems: ChildProblem[] = [];
	if (!name) problems.push('name-empty');
	else if ([...name].length > CHILD_NAME_MAX_LENGTH) problems.push('name-too-long');
	const yearText = rawYear.trim();
	let birthYear: number | undefined;
	if (yearText) {
		birthYear = Number(yearText);
		// Children of separating parents: born at most 30 years ago, not in the future.
		if (
			!/^\d{4}$/.test(yearText) ||
			birthYear > now.getFullYear() ||
			birthYear < now.getFullYear() - 30
		) {
			problems.push('year-invalid');
		}
	}
	if (problems.length) return { ok: false, problems };
	return birthYear === undefined ? { ok: true, name } : { ok: true, name, birthYear };
}

/** Children in a stable order: oldest first, then by name. */
export function sortChildren(children: readonly Child[]): Child[] {
	return children
		.filter((c) => !c.deletedAt)
		.sort(
			(a, b) => (a.birthYear ?? 9999) - (b.birthYear ?? 9999) || a.name.localeCompare(b.name, 'nl')
		);
}

/** Who a statement is about: all children, or the named ones still present. */
export function childrenOf(
	childIds: readonly string[],
	children: readonly Child[]
): Child[] | 'all' {
	if (childIds.length === 0) return 'all';
	const named = sortChildren(children).filter((c) => childIds.includes(c.id));
	return named.length === 0 ? 'all' : named;
}
