import { isCalendarDate } from './calendar-date';
import { MAX_CONTENT_BYTES, contentBytes } from './content-size';
import { compareIso } from './order';
import type { Role } from './profile';
import {
	THEMES,
	checkText,
	isTheme,
	normaliseText,
	type TextProblem,
	type Theme
} from './statements';

/**
 * Agreements (afspraken) made in the viergesprek. Nobody edits anyone else's record: an
 * agreement is a chain of versions, each written by one member, and a confirmation is a
 * record of its own that names exactly one version. An agreement is agreed only when both
 * parents confirmed its current version: on their own device, or in person on the
 * counsellors' screen, recorded as witnessed by that counsellor.
 */
export interface AgreementVersion {
	id: string;
	agreementId: string;
	/** The member who wrote this version. */
	author: string;
	createdAt: string;
	theme: Theme;
	text: string;
	/** Who does what, in the parents' own words. */
	who: string;
	/** Calendar dates (YYYY-MM-DD), when set. */
	byWhen?: string;
	reviewOn?: string;
}

export interface Confirmation {
	id: string;
	versionId: string;
	/** The parent who agrees. */
	parentId: string;
	/** Who recorded it: the parent themselves, or the counsellor who witnessed it. */
	recordedBy: string;
	confirmedAt: string;
	/** Set when a counsellor recorded it for a parent in the room (with or without a device). */
	witnessed?: boolean;
}

export type AgreementStatus = 'proposed' | 'confirmed-by-one' | 'agreed';

/** 'too-long-bytes': the words and who does what together are too large to share. */
export const AGREEMENT_PROBLEMS = [
	'text-empty',
	'text-too-long',
	'too-long-bytes',
	'theme',
	'date'
] as const;
export type AgreementProblem = (typeof AGREEMENT_PROBLEMS)[number];

export interface AgreementDraft {
	theme: string;
	text: string;
	who: string;
	byWhen?: string;
	reviewOn?: string;
}

/**
 * A version is shared with its agreement id, creation time and conversation id added (at
 * most 220 bytes more than the draft), so a draft that fits here always fits as an item.
 */
export const AGREEMENT_MAX_BYTES = MAX_CONTENT_BYTES - 256;

const TEXT_PROBLEM: Record<TextProblem, AgreementProblem> = {
	empty: 'text-empty',
	'too-long': 'text-too-long'
};

/** What is wrong with a draft, or nothing. */
export function checkAgreement(draft: AgreementDraft): AgreementProblem | undefined {
	if (!isTheme(draft.theme)) return 'theme';
	const problem = checkText(draft.text);
	if (problem) return TEXT_PROBLEM[problem];
	if (checkText(draft.who) === 'too-long') return 'text-too-long';
	if (contentBytes(draft) > AGREEMENT_MAX_BYTES) return 'too-long-bytes';
	for (const date of [draft.byWhen, draft.reviewOn])
		if (date !== undefined && date !== '' && !isCalendarDate(date)) return 'date';
	return undefined;
}

/** A new version of an agreement (the first, or an edit): it needs both parents again. */
export function newVersion(
	draft: AgreementDraft,
	ids: { id: string; agreementId: string; author: string },
	now: Date
): AgreementVersion | AgreementProblem {
	const problem = checkAgreement(draft);
	if (problem) return problem;
	return {
		...ids,
		createdAt: now.toISOString(),
		theme: draft.theme as Theme,
		text: normaliseText(draft.text),
		who: normaliseText(draft.who),
		...(draft.byWhen ? { byWhen: draft.byWhen } : {}),
		...(draft.reviewOn ? { reviewOn: draft.reviewOn } : {})
	};
}

/** Oldest first; versions made at the same moment are ordered by id, the same everywhere. */
export function history<T extends AgreementVersion>(versions: readonly T[]): T[] {
	return [...versions].sort(
		(a, b) => compareIso(a.createdAt, b.createdAt) || (a.id < b.id ? -1 : 1)
	);
}

export function currentVersion(
	versions: readonly AgreementVersion[]
): AgreementVersion | undefined {
	return history(versions).at(-1);
}

/**
 * Whether a confirmation counts: a parent confirms for themselves, or a counsellor records
 * it as witnessed. Nobody else can confirm for a parent.
 */
export function isValidConfirmation(
	confirmation: Confirmation,
	roles: ReadonlyMap<string, Role>
): boolean {
	if (roles.get(confirmation.parentId) !== 'parent') return false;
	if (confirmation.recordedBy === confirmation.parentId) return !confirmation.witnessed;
	return confirmation.witnessed === true && roles.get(confirmation.recordedBy) === 'counsellor';
}

/**
 * A parent's "that is not so" to a yes a counsellor wrote down for them in the room: its id
 * is the confirmation's. It counts only when it comes from that very parent, and then the
 * witnessed yes does not (the agreement needs them again).
 */
export interface Objection {
	id: string;
	versionId: string;
	/** The parent who says it was not so. */
	parentId: string;
	objectedAt: string;
}

/** The confirmations that still count: witnessed ones their parent said were not so drop out. */
export function withoutObjected(
	confirmations: readonly Confirmation[],
	objections: readonly Objection[]
): Confirmation[] {
	const objected = new Set(
		objections.flatMap((o) => {
			const c = confirmations.find((c) => c.id === o.id);
			return c && c.witnessed && c.parentId === o.parentId && c.versionId === o.versionId
				? [c.id]
				: [];
		})
	);
	return confirmations.filter((c) => !objected.has(c.id));
}

/** The parents who confirmed exactly this version (each counted once). */
export function confirmedBy(
	version: AgreementVersion,
	confirmations: readonly Confirmation[],
	roles: ReadonlyMap<string, Role>
): string[] {
	const parents = confirmations
		.filter((c) => c.versionId === version.id && isValidConfirmation(c, roles))
		.map((c) => c.parentId);
	return [...new Set(parents)].sort();
}

/** Agreed only when both parents confirmed the current version. */
export function agreementStatus(
	versions: readonly AgreementVersion[],
	confirmations: readonly Confirmation[],
	parents: readonly [string, string],
	roles: ReadonlyMap<string, Role>
): AgreementStatus {
	const current = currentVersion(versions);
	if (!current) return 'proposed';
	const confirmed = confirmedBy(current, confirmations, roles).filter((p) => parents.includes(p));
	if (confirmed.length === 2) return 'agreed';
	return confirmed.length === 1 ? 'confirmed-by-one' : 'proposed';
}

/** The last version both parents confirmed, if any: what still holds while an edit waits. */
export function lastAgreedVersion(
	versions: readonly AgreementVersion[],
	confirmations: readonly Confirmation[],
	parents: readonly [string, string],
	roles: ReadonlyMap<string, Role>
): AgreementVersion | undefined {
	return history(versions)
		.reverse()
		.find(
			(v) => confirmedBy(v, confirmations, roles).filter((p) => parents.includes(p)).length === 2
		);
}

/** Agreements grouped by theme, in the order of the parenting-plan topics. */
export function byTheme<T extends { theme: Theme }>(items: readonly T[]): [Theme, T[]][] {
	return THEMES.map(
		(theme) => [theme, items.filter((i) => i.theme === theme)] as [Theme, T[]]
	).filter(([, list]) => list.length > 0);
}
