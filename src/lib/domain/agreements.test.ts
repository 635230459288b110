import { describe, expect, it } from 'vitest';
import { contentBytes } from './content-size';
import { isItemShape } from './space-items';
import {
	AGREEMENT_MAX_BYTES,
	agreementStatus,
	byTheme,
	checkAgreement,
	confirmedBy,
	currentVersion,
	history,
	isValidConfirmation,
	lastAgreedVersion,
	newVersion,
	withoutObjected,
	type AgreementVersion,
	type Confirmation
} from './agreements';
import type { Role } from './profile';

const roles = new Map<string, Role>([
	['anna', 'parent'],
	['bart', 'parent'],
	['fatima', 'counsellor']
]);
const parents = ['anna', 'bart'] as const;
const draft = { theme: 'school', text: 'Om de week haalt Bart op.', who: 'Bart haalt op' };

function version(id: string, at: string, text = draft.text): AgreementVersion {
	const made = newVersion(
		{ ...draft, text },
		{ id, agreementId: 'a1', author: 'fatima' },
		new Date(at)
	);
	if (typeof made === 'string') throw new Error(made);
	return made;
}

function confirm(
	versionId: string,
	parentId: string,
	recordedBy = parentId,
	witnessed?: boolean
): Confirmation {
	return {
		id: `${versionId}-${parentId}-${recordedBy}`,
		versionId,
		parentId,
		recordedBy,
		confirmedAt: '2026-03-10T20:00:00Z',
		...(witnessed === undefined ? {} : { witnessed })
	};
}

describe('agreements', () => {
	it('checks theme, text and dates before a version is made', () => {
		expect(checkAgreement(draft)).toBeUndefined();
		expect(checkAgreement({ ...draft, theme: 'money-talks' })).toBe('theme');
		expect(checkAgreement({ ...draft, text: '   ' })).toBe('text-empty');
		expect(checkAgreement({ ...draft, text: 'x'.repeat(6000) })).toBe('text-too-long');
		expect(checkAgreement({ ...draft, byWhen: '2026-02-30' })).toBe('date');
		expect(checkAgreement({ ...draft, reviewOn: '2026-06-01' })).toBeUndefined();
		expect(
			newVersion({ ...draft, text: '' }, { id: 'v', agreementId: 'a', author: 'x' }, new Date())
		).toBe('text-empty');
	});

	it('refuses words and who does what that together are too large to share', () => {
		const emoji = { ...draft, text: '😀'.repeat(4800), who: '😀'.repeat(4800) };
		expect(checkAgreement(emoji)).toBe('too-long-bytes');
		const plain = { ...draft, text: 'x'.repeat(5000), who: 'x'.repeat(5000) };
		expect(checkAgreement(plain)).toBeUndefined();
	});

	it('a draft that only just fits is still a valid item once its ids and dates are added', () => {
		const near = { ...draft, text: '😀'.repeat(4600), who: '😀'.repeat(4500) };
		const full = { ...near, who: near.who + 'a'.repeat(AGREEMENT_MAX_BYTES - contentBytes(near)) };
		expect(checkAgreement(full)).toBeUndefined();
		expect(checkAgreement({ ...full, who: `${full.who}a` })).toBe('too-long-bytes');
		const longest = 'i'.repeat(64);
		const made = newVersion(
			full,
			{ id: longest, agreementId: longest, author: longest },
			new Date('2026-03-10T20:00:00Z')
		);
		if (typeof made === 'string') throw new Error(made);
		const item: Record<string, unknown> = { ...made, conversationId: longest };
		delete item.id;
		delete item.author;
		expect(contentBytes(item)).toBeGreaterThan(AGREEMENT_MAX_BYTES + 150);
		expect(isItemShape('agreements', item)).toBe(true);
	});

	it('is agreed only when both parents confirmed the same, current version', () => {
		const v1 = version('v1', '2026-03-10T20:00:00Z');
		expect(agreementStatus([v1], [], parents, roles)).toBe('proposed');
		expect(agreementStatus([v1], [confirm('v1', 'anna')], parents, roles)).toBe('confirmed-by-one');
		const both = [confirm('v1', 'anna'), confirm('v1', 'bart')];
		expect(agreementStatus([v1], both, parents, roles)).toBe('agreed');
		// The same parent twice is still one parent.
		expect(
			agreementStatus([v1], [confirm('v1', 'anna'), confirm('v1', 'anna')], parents, roles)
		).toBe('confirmed-by-one');
	});

	it('an edit makes a new version that needs both again; the agreed one stays readable', () => {
		const v1 = version('v1', '2026-03-10T20:00:00Z');
		const v2 = version('v2', '2026-03-10T20:05:00Z', 'Om de week haalt Bart op, om vijf uur.');
		const confirmations = [confirm('v1', 'anna'), confirm('v1', 'bart'), confirm('v2', 'anna')];
		expect(currentVersion([v2, v1])).toBe(v2);
		expect(history([v2, v1]).map((v) => v.id)).toEqual(['v1', 'v2']);
		expect(agreementStatus([v1, v2], confirmations, parents, roles)).toBe('confirmed-by-one');
		expect(lastAgreedVersion([v1, v2], confirmations, parents, roles)).toBe(v1);
		expect(confirmedBy(v1, confirmations, roles)).toEqual(['anna', 'bart']);
	});

	it('a counsellor can record a witnessed confirmation; nobody else can confirm for a parent', () => {
		const v1 = version('v1', '2026-03-10T20:00:00Z');
		expect(isValidConfirmation(confirm('v1', 'bart', 'fatima', true), roles)).toBe(true);
		expect(isValidConfirmation(confirm('v1', 'bart', 'fatima'), roles)).toBe(false);
		expect(isValidConfirmation(confirm('v1', 'bart', 'anna', true), roles)).toBe(false);
		expect(isValidConfirmation(confirm('v1', 'bart', 'bart', true), roles)).toBe(false);
		expect(isValidConfirmation(confirm('v1', 'fatima'), roles)).toBe(false);
		const witnessed = [confirm('v1', 'anna'), confirm('v1', 'bart', 'fatima', true)];
		expect(agreementStatus([v1], witnessed, parents, roles)).toBe('agreed');
	});

	it('versions made at the same moment order the same on every device', () => {
		const a = version('b', '2026-03-10T20:00:00Z');
		const b = version('a', '2026-03-10T20:00:00Z');
		expect(currentVersion([a, b])!.id).toBe('b');
		expect(currentVersion([b, a])!.id).toBe('b');
	});

	it('groups by theme in the order of the parenting-plan topics', () => {
		const items = [
			{ theme: 'school' as const, id: 1 },
			{ theme: 'care' as const, id: 2 },
			{ theme: 'school' as const, id: 3 }
		];
		expect(byTheme(items).map(([theme, list]) => [theme, list.map((i) => i.id)])).toEqual([
			['care', [2]],
			['school', [1, 3]]
		]);
	});
});

describe('a witnessed yes the parent says was not so', () => {
	const roles = new Map<string, Role>([
		['anna', 'parent'],
		['bart', 'parent'],
		['karin', 'counsellor']
	]);
	const v1 = {
		id: 'v1',
		agreementId: 'a',
		author: 'karin',
		createdAt: '2026-12-01T10:00:00.000Z',
		theme: 'care' as const,
		text: 'Wisselen op vrijdag',
		who: ''
	};
	const own = {
		id: 'c-anna',
		versionId: 'v1',
		parentId: 'anna',
		recordedBy: 'anna',
		confirmedAt: v1.createdAt
	};
	const witnessed = {
		id: 'c-bart',
		versionId: 'v1',
		parentId: 'bart',
		recordedBy: 'karin',
		confirmedAt: v1.createdAt,
		witnessed: true
	};

	it('no longer counts, so the agreement needs that parent again', () => {
		const parents = ['anna', 'bart'] as const;
		expect(agreementStatus([v1], [own, witnessed], parents, roles)).toBe('agreed');
		const objection = { id: 'c-bart', versionId: 'v1', parentId: 'bart', objectedAt: v1.createdAt };
		const left = withoutObjected([own, witnessed], [objection]);
		expect(agreementStatus([v1], left, parents, roles)).toBe('confirmed-by-one');
	});

	it('counts only from that parent, and only against a witnessed yes', () => {
		const byOther = { id: 'c-bart', versionId: 'v1', parentId: 'anna', objectedAt: v1.createdAt };
		const againstOwn = {
			id: 'c-anna',
			versionId: 'v1',
			parentId: 'anna',
			objectedAt: v1.createdAt
		};
		expect(withoutObjected([own, witnessed], [byOther, againstOwn])).toHaveLength(2);
	});
});
