import { oneOf } from './one-of';

/**
 * What a parent writes: statements of five kinds, each under one theme, about some or all
 * of their children. Pure rules only; storage lives in $lib/db.
 */
export const STATEMENT_KINDS = ['vision', 'goal', 'plan', 'important', 'childrenNeed'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** Themes in the order of the Dutch parenting plan (art. 815 Rv) first. */
export const THEMES = [
	'care',
	'inform',
	'home',
	'school',
	'health',
	'holidays',
	'family',
	'money',
	'childVoice',
	'other'
] as const;
export type Theme = (typeof THEMES)[number];

/** Who may read a record; new records are private. */
export const VISIBILITIES = ['private', 'counsellors', 'family'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const DEFAULT_VISIBILITY: Visibility = 'private';

export const STATEMENT_MAX_LENGTH = 5000;

export interface Statement {
	id: string;
	ownerId: string;
	kind: StatementKind;
	theme: Theme;
	text: string;
	/** The children it is about; empty means all children. */
	childIds: string[];
	pictogram?: string;
	visibility: Visibility;
	/** Position within its kind and theme. */
	order: number;
	createdAt: string;
	updatedAt: string;
	deletedAt?: string;
}

export const isKind = oneOf(STATEMENT_KINDS);
export const isTheme = oneOf(THEMES);
export const isVisibility = oneOf(VISIBILITIES);

export type TextProblem = 'empty' | 'too-long';
export const TEXT_PROBLEMS = ['empty', 'too-long'] as const satisfies readonly TextProblem[];

/** Characters as people count them (an emoji is one), not UTF-16 code units. */
export function characterCount(text: string): number {
	return Array.from(text).length;
}

/**
 * Text is kept exactly as written, markup included: it is always shown as plain text.
 * Only line endings are made uniform, and surrounding blank space does not count.
 */
export function normaliseText(raw: string): string {
	return raw.replace(/\r\n?/g, '\n');
}

export function checkText(raw: string): TextProblem | undefined {
	const text = normaliseText(raw);
	if (text.trim().length === 0) return 'empty';
	if (characterCount(text) > STATEMENT_MAX_LENGTH) return 'too-long';
	return undefined;
}

export interface StatementDraft {
	kind: StatementKind;
	theme: Theme;
	text: string;
	childIds: string[];
	pictogram?: string;
	visibility: Visibility;
}

export function createStatement(
	draft: StatementDraft,
	ids: { id: string; ownerId: string },
	order: number,
	now: Date
): Statement | TextProblem {
	const problem = checkText(draft.text);
	if (problem) return problem;
	const at = now.toISOString();
	return {
		...ids,
		kind: draft.kind,
		theme: draft.theme,
		text: normaliseText(draft.text),
		childIds: [...new Set(draft.childIds)],
		...(draft.pictogram ? { pictogram: draft.pictogram } : {}),
		visibility: draft.visibility,
		order,
		createdAt: at,
		updatedAt: at
	};
}

/** The next position at the end of a kind-and-theme group. */
export function nextOrder(
	statements: readonly Statement[],
	kind: StatementKind,
	theme: Theme
): number {
	let max = -1;
	for (const s of statements) {
		if (!s.deletedAt && s.kind === kind && s.theme === theme) max = Math.max(max, s.order);
	}
	return max + 1;
}
