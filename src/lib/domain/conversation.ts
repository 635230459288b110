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

export interface SideBySideRow {
	kind: StatementKind;
	/** Per parent, in the order the parents were given. */
	columns: [SharedStatement[], SharedStatement[]];
}

/** One theme's statements, kind by kind, with each parent in their own column. */
export function sideBySide(
	statements: readonly SharedStatement[],
	parents: readonly [string, string],
	theme: Theme,
	hidden: ReadonlySet<string> = new Set()
): SideBySideRow[] {
	const shown = statements.filter((s) => s.theme === theme && !hidden.has(s.id));
	return STATEMENT_KINDS.map((kind): SideBySideRow => {
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
	createdAt: string;
	/** A link is removed by its author (a tombstone), so every device agrees. */
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
 * For highlighting: per statement, the statements it is linked to (live links only, one per
 * pair even if two people made the same link).
 */
export function linkedTo(links: readonly SharedGroundLink[]): Map<string, string[]> {
	const pairs = new Set(links.filter((l) => !l.removed).map((l) => l.statementIds.join('|')));
	const result = new Map<string, string[]>();
	for (const pair of [...pairs].sort()) {
		const [a, b] = pair.split('|') as [string, string];
		result.set(a, [...(result.get(a) ?? []), b]);
		result.set(b, [...(result.get(b) ?? []), a]);
	}
	return result;
}
