import { compareIso } from './order';
import {
	STATEMENT_KINDS,
	THEMES,
	type Statement,
	type StatementKind,
	type Theme
} from './statements';

export interface ThemeGroup {
	theme: Theme;
	statements: Statement[];
}

export interface KindGroup {
	kind: StatementKind;
	themes: ThemeGroup[];
}

/** Live statements by kind, then theme, each group in the writer's own order. */
export function groupStatements(statements: readonly Statement[]): KindGroup[] {
	const live = statements.filter((s) => !s.deletedAt);
	return STATEMENT_KINDS.map((kind) => ({
		kind,
		themes: THEMES.map((theme) => ({
			theme,
			statements: live
				.filter((s) => s.kind === kind && s.theme === theme)
				.sort((a, b) => a.order - b.order || compareIso(a.createdAt, b.createdAt))
		})).filter((group) => group.statements.length > 0)
	})).filter((group) => group.themes.length > 0);
}

export type Direction = 'up' | 'down';

/**
 * Moves a statement one place within its kind-and-theme group. Returns the new order of
 * every statement whose position changed (none at the edge of the group).
 */
export function moveWithinGroup(
	statements: readonly Statement[],
	id: string,
	direction: Direction
): { id: string; order: number }[] {
	const moving = statements.find((s) => s.id === id);
	if (!moving) return [];
	const group = statements
		.filter((s) => !s.deletedAt && s.kind === moving.kind && s.theme === moving.theme)
		.sort((a, b) => a.order - b.order || compareIso(a.createdAt, b.createdAt));
	const from = group.findIndex((s) => s.id === id);
	const to = direction === 'up' ? from - 1 : from + 1;
	if (to < 0 || to >= group.length) return [];
	const reordered = [...group];
	reordered.splice(to, 0, ...reordered.splice(from, 1));
	return reordered.flatMap((s, order) => (s.order === order ? [] : [{ id: s.id, order }]));
}

/**
 * The first `limit` statements in reading order, still grouped, and how many are left
 * out: a long list is shown in parts, so opening it stays quick.
 */
export function limitGroups(
	groups: readonly KindGroup[],
	limit: number
): { groups: KindGroup[]; hidden: number } {
	let left = limit;
	let hidden = 0;
	const shown: KindGroup[] = [];
	for (const group of groups) {
		const themes: ThemeGroup[] = [];
		for (const themeGroup of group.themes) {
			const take = Math.max(0, Math.min(left, themeGroup.statements.length));
			hidden += themeGroup.statements.length - take;
			left -= take;
			if (take > 0)
				themes.push({ theme: themeGroup.theme, statements: themeGroup.statements.slice(0, take) });
		}
		if (themes.length > 0) shown.push({ kind: group.kind, themes });
	}
	return { groups: shown, hidden };
}
