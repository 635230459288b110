import { compareIso } from './order';
import type { StatementKind, Theme } from './statements';
import { STATEMENT_KINDS } from './statements';

/**
 * The viergesprek on the counsellors' screen: both parents' statements side by side per
 * theme, and the shared ground the people in the room link together. Pure rules only.
 */
export interface SharedStatement {
	id: string;
	ownerId: string;
	kind: StatementKind;
	theme: Theme;
	text: string;
	updatedAt: string;
}

export interface SideBySideRow<T extends SharedStatement = SharedStatement> {
	kind: StatementKind;
	/** Per parent, in the order the parents were given. */
	columns: [T[], T[]];
}

/** One theme's statements, kind by kind, with each parent in their own column. */
export function sideBySide<T extends SharedStatement>(
	statements: readonly T[],
	parents: readonly [string, string],
	theme: Theme,
	hidden: readonly string[] = []
): SideBySideRow<T>[] {
	const shown = statements.filter((s) => s.theme === theme && !hidden.includes(s.id));
	return STATEMENT_KINDS.map((kind): SideBySideRow<T> => {
		const ofKind = shown.filter((s) => s.kind === kind);
		return {
			kind,
			columns: [
				ofKind.filter((s) => s.ownerId === parents[0]),
				ofKind.filter((s) => s.ownerId === parents[1])
			]
		};
	}).filter((row) => row.columns[0].length + row.columns[1].length > 0);
}

export interface SharedGroundLink {
	id: string;
	/** The two statements, in a fixed order (see linkKey). */
	statementIds: [string, string];
	author: string;
	changedAt: string;
	/** Unlinked: each person keeps one record per pair, so nobody edits another's record. */
	removed?: boolean;
}

/** The same pair gives the same key whichever statement was picked first. */
export function linkKey(a: string, b: string): [string, string] {
	return a < b ? [a, b] : [b, a];
}

/** Shared ground links one parent's statement to the other parent's, never to their own. */
export function canLink(a: SharedStatement, b: SharedStatement, parents: readonly string[]) {
	return (
		a.id !== b.id &&
		a.ownerId !== b.ownerId &&
		parents.includes(a.ownerId) &&
		parents.includes(b.ownerId)
	);
}

/**
 * Whether each pair is linked now: the newest word on a pair counts, whoever said it, so a
 * link made by one person can be removed by another (ties go to the later id, everywhere).
 */
export function livePairs(links: readonly SharedGroundLink[]): Set<string> {
	const newest = new Map<string, SharedGroundLink>();
	for (const link of links) {
		const pair = link.statementIds.join('|');
		const known = newest.get(pair);
		if (
			!known ||
			compareIso(known.changedAt, link.changedAt) < 0 ||
			(known.changedAt === link.changedAt && known.id < link.id)
		)
			newest.set(pair, link);
	}
	return new Set([...newest].filter(([, link]) => !link.removed).map(([pair]) => pair));
}

/** For highlighting: per statement, the statements it is linked to now. */
export function linkedTo(links: readonly SharedGroundLink[]): Map<string, string[]> {
	const result = new Map<string, string[]>();
	for (const pair of [...livePairs(links)].sort()) {
		const [a, b] = pair.split('|') as [string, string];
		result.set(a, [...(result.get(a) ?? []), b]);
		result.set(b, [...(result.get(b) ?? []), a]);
	}
	return result;
}
