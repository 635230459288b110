import { describe, expect, it } from 'vitest';
import { audienceOf, isFixedOnceWritten, isItemShape, mayWrite } from './space-items';

const now = '2026-03-17T19:30:00.000Z';

describe('items written together in a family space', () => {
	it('counsellors plan, sum up, keep notes and add people; parents add, link and confirm', () => {
		for (const table of ['conversations', 'notes', 'people', 'summaries'] as const) {
			expect(mayWrite(table, 'counsellor')).toBe(true);
			expect(mayWrite(table, 'parent')).toBe(false);
		}
		for (const table of ['agenda', 'links', 'agreements', 'confirmations'] as const)
			expect(mayWrite(table, 'parent')).toBe(true);
	});

	it('agreement versions and confirmations never change once written', () => {
		expect(isFixedOnceWritten('agreements')).toBe(true);
		expect(isFixedOnceWritten('confirmations')).toBe(true);
		expect(isFixedOnceWritten('links')).toBe(false);
	});

	it('notes are for counsellors only, everything else for everyone in the space', () => {
		expect(audienceOf('notes')).toBe('counsellors');
		expect(audienceOf('agreements')).toBe('everyone');
		expect(audienceOf('confirmations')).toBe('everyone');
	});

	it('accepts well-formed items and refuses anything else', () => {
		const version = {
			agreementId: 'a1',
			createdAt: now,
			theme: 'care',
			text: 'Wisselen op vrijdag',
			who: 'Anna brengt',
			byWhen: '2026-04-01'
		};
		expect(isItemShape('agreements', version)).toBe(true);
		expect(isItemShape('agreements', { ...version, text: '  ' })).toBe(false);
		expect(isItemShape('agreements', { ...version, theme: 'holidays?' })).toBe(false);
		expect(isItemShape('agreements', { ...version, byWhen: '2026-02-30' })).toBe(false);
		expect(isItemShape('agreements', { ...version, text: 'x'.repeat(5001) })).toBe(false);
		expect(isItemShape('links', { statementIds: ['a', 'b'], changedAt: now })).toBe(true);
		// The pair is always in its fixed order, and a link joins two statements.
		expect(isItemShape('links', { statementIds: ['b', 'a'], changedAt: now })).toBe(false);
		expect(isItemShape('links', { statementIds: ['a'], changedAt: now })).toBe(false);
		expect(
			isItemShape('agenda', {
				conversationId: 'c1',
				addedAt: now,
				source: { kind: 'topic', text: 'Vakanties' }
			})
		).toBe(true);
		expect(
			isItemShape('agenda', { conversationId: 'c1', addedAt: now, source: { kind: 'other' } })
		).toBe(false);
		expect(
			isItemShape('confirmations', { versionId: 'v1', parentId: 'p', confirmedAt: 'gisteren' })
		).toBe(false);
		// A field the table does not know is refused: it could claim an id or an owner.
		expect(
			isItemShape('confirmations', {
				versionId: 'v1',
				parentId: 'p',
				confirmedAt: now,
				recordedBy: 'p'
			})
		).toBe(false);
		expect(isItemShape('notes', null)).toBe(false);
		// Too large to share, though each text is within its characters.
		expect(isItemShape('agreements', { ...version, text: '😀'.repeat(5000) })).toBe(true);
		expect(
			isItemShape('agreements', { ...version, text: '😀'.repeat(5000), who: '😀'.repeat(5000) })
		).toBe(false);
		expect(isItemShape('notes', ['text'])).toBe(false);
	});
});
