import { daysBetween } from './calendar-date';
import { MAX_CONTENT_BYTES, contentBytes } from './content-size';
import { oneOf } from './one-of';
import { compareIso } from './order';
import type { Statement, Visibility } from './statements';

/** Whether what the parent did fits what they wrote: their own actions only, never the other parent's. */
export const FITS = ['yes', 'partly', 'no'] as const;
export type Fit = (typeof FITS)[number];
export const isFit = oneOf(FITS);

export const NOTE_MAX_LENGTH = 280;
export const FIELD_MAX_LENGTH = 5000;

export interface Reflection {
	id: string;
	ownerId: string;
	/** The day it happened, in the parent's own calendar. */
	date: string;
	statementIds: string[];
	fit?: Fit;
	/** The one line of a quick reflection. */
	note: string;
	happened: string;
	did: string;
	nextTime: string;
	pictogram?: string;
	visibility: Visibility;
	createdAt: string;
	updatedAt: string;
	deletedAt?: string;
}

export type ReflectionContent = Pick<
	Reflection,
	| 'date'
	| 'statementIds'
	| 'fit'
	| 'note'
	| 'happened'
	| 'did'
	| 'nextTime'
	| 'pictogram'
	| 'visibility'
>;

export const REFLECTION_PROBLEMS = [
	'nothing',
	'note-too-long',
	'too-long',
	'too-long-bytes'
] as const;
export type ReflectionProblem = (typeof REFLECTION_PROBLEMS)[number];

/**
 * A reflection needs something: an answer about the fit, or words. All its fields together
 * must fit in one shared op ('too-long-bytes'), also when each is within its characters.
 */
export function checkReflection(content: ReflectionContent): ReflectionProblem | undefined {
	const texts = [content.note, content.happened, content.did, content.nextTime];
	if (!content.fit && texts.every((text) => text.trim() === '')) return 'nothing';
	if (Array.from(content.note).length > NOTE_MAX_LENGTH) return 'note-too-long';
	if (texts.some((text) => Array.from(text).length > FIELD_MAX_LENGTH)) return 'too-long';
	if (contentBytes(content) > MAX_CONTENT_BYTES) return 'too-long-bytes';
	return undefined;
}

/** What a list shows as the reflection's line: the quick note, or else what happened. */
export function summaryLine(reflection: Pick<Reflection, 'note' | 'happened' | 'did'>): string {
	return (
		[reflection.note, reflection.happened, reflection.did].find((t) => t.trim() !== '')?.trim() ??
		''
	);
}

export interface FitSummary {
	yes: number;
	partly: number;
	no: number;
	/** Reflections that said something about the fit. */
	answered: number;
	/** All reflections, also those without a fit answer. */
	total: number;
}

export function fitSummary(reflections: readonly Pick<Reflection, 'fit'>[]): FitSummary {
	const summary: FitSummary = { yes: 0, partly: 0, no: 0, answered: 0, total: reflections.length };
	for (const r of reflections) {
		if (r.fit) {
			summary[r.fit]++;
			summary.answered++;
		}
	}
	return summary;
}

/** Whole percentages of the answered reflections, per fit. */
export function fitPercentages(summary: FitSummary): Record<Fit, number> {
	const share = (n: number) =>
		summary.answered === 0 ? 0 : Math.round((n / summary.answered) * 100);
	return { yes: share(summary.yes), partly: share(summary.partly), no: share(summary.no) };
}

export function liveReflections<T extends { deletedAt?: string }>(items: readonly T[]): T[] {
	return items.filter((r) => !r.deletedAt);
}

/** A statement's reflections, oldest first (a timeline). */
export function timelineOf(reflections: readonly Reflection[], statementId: string): Reflection[] {
	return liveReflections(reflections)
		.filter((r) => r.statementIds.includes(statementId))
		.sort((a, b) => compareIso(a.date, b.date) || compareIso(a.createdAt, b.createdAt));
}

/** Statements a parent reflects on: what they aim for and what they want to be. */
export const REFLECTABLE_KINDS = ['goal', 'vision', 'important'] as const;

export const REVISIT_AFTER_DAYS = 14;

/**
 * The goal or vision statement looked at least recently, if that was at least two weeks
 * ago: a gentle suggestion, never a demand. "Looked at" is its latest reflection, or the
 * day it was written.
 */
export function statementToRevisit(
	statements: readonly Statement[],
	reflections: readonly Reflection[],
	today: string,
	calendarDateOf: (iso: string) => string
): Statement | undefined {
	const lastLook = new Map<string, string>();
	for (const r of liveReflections(reflections)) {
		for (const id of r.statementIds) {
			if ((lastLook.get(id) ?? '') < r.date) lastLook.set(id, r.date);
		}
	}
	let oldest: { statement: Statement; date: string } | undefined;
	for (const s of statements) {
		if (s.deletedAt || !(REFLECTABLE_KINDS as readonly string[]).includes(s.kind)) continue;
		const date = lastLook.get(s.id) ?? calendarDateOf(s.createdAt);
		if (!oldest || date < oldest.date) oldest = { statement: s, date };
	}
	if (!oldest || daysBetween(oldest.date, today) < REVISIT_AFTER_DAYS) return undefined;
	return oldest.statement;
}
