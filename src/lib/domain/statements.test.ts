import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_BYTES, contentBytes } from './content-size';
import { SESSION_GAP_MS, historyForDisplay, shouldKeepPrevious } from './history';
import { RESTORE_DAYS, daysLeftToRestore, isRestorable, shouldPurge } from './deletion';
import { groupStatements, limitGroups, moveWithinGroup } from './grouping';
import { isPictogram, pictogramUrl, PICTOGRAM_IDS } from './pictograms';
import { foldForSearch, searchItems } from './search';
import {
	STATEMENT_KINDS,
	STATEMENT_MAX_LENGTH,
	THEMES,
	characterCount,
	checkText,
	createStatement,
	isKind,
	isTheme,
	isVisibility,
	nextOrder,
	normaliseText,
	type Statement
} from './statements';
import { checkChild, childrenOf, sortChildren, type Child } from './children';

const now = new Date('2026-03-10T20:00:00Z');
let n = 0;
function statement(partial: Partial<Statement> = {}): Statement {
	n++;
	return {
		id: `s${n}`,
		ownerId: 'me',
		kind: 'vision',
		theme: 'care',
		text: `tekst ${n}`,
		childIds: [],
		visibility: 'private',
		order: 0,
		createdAt: `2026-03-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
		updatedAt: '2026-03-01T10:00:00.000Z',
		...partial
	};
}

describe('kinds, themes and visibility', () => {
	it('has the five kinds and ten themes of the domain, in order', () => {
		expect(STATEMENT_KINDS).toEqual(['vision', 'goal', 'plan', 'important', 'childrenNeed']);
		expect(THEMES).toHaveLength(10);
		expect(THEMES[0]).toBe('care');
		expect(THEMES.at(-1)).toBe('other');
	});
	it('recognises valid values only', () => {
		expect(isKind('goal')).toBe(true);
		expect(isKind('score')).toBe(false);
		expect(isTheme('money')).toBe(true);
		expect(isTheme('fight')).toBe(false);
		expect(isVisibility('family')).toBe(true);
		expect(isVisibility('public')).toBe(false);
	});
});

describe('statement text', () => {
	it('refuses empty and blank text', () => {
		expect(checkText('')).toBe('empty');
		expect(checkText(' \n\t ')).toBe('empty');
	});
	it('allows up to 5,000 characters, counting an emoji as one', () => {
		expect(checkText('a'.repeat(STATEMENT_MAX_LENGTH))).toBeUndefined();
		expect(checkText('a'.repeat(STATEMENT_MAX_LENGTH + 1))).toBe('too-long');
		expect(characterCount('👍🏽é')).toBe(3);
		expect(checkText('😀'.repeat(STATEMENT_MAX_LENGTH))).toBeUndefined();
	});
	it('a text within its characters always fits in a shared op, even of escaped characters', () => {
		// Six bytes per character (a control character as \u0001) is the most JSON takes, so
		// a statement needs no limit in bytes of its own.
		const worst = '\u0001'.repeat(STATEMENT_MAX_LENGTH);
		expect(contentBytes(worst)).toBeLessThan(MAX_CONTENT_BYTES);
		expect(checkText(worst)).toBeUndefined();
	});
	it('keeps markup and markdown exactly, only line endings are made uniform', () => {
		expect(normaliseText('<b>ja</b>\r\n**nee**\r')).toBe('<b>ja</b>\n**nee**\n');
	});
	it('creates a statement with a fresh order and unique children', () => {
		const created = createStatement(
			{
				kind: 'goal',
				theme: 'school',
				text: 'Ik wil rust.',
				childIds: ['a', 'a', 'b'],
				visibility: 'private'
			},
			{ id: 'x', ownerId: 'me' },
			3,
			now
		);
		expect(created).toMatchObject({
			id: 'x',
			order: 3,
			childIds: ['a', 'b'],
			createdAt: now.toISOString()
		});
		expect(created).not.toHaveProperty('pictogram');
		expect(
			createStatement(
				{ kind: 'goal', theme: 'school', text: '  ', childIds: [], visibility: 'private' },
				{ id: 'x', ownerId: 'me' },
				0,
				now
			)
		).toBe('empty');
	});
	it('puts a new statement at the end of its group, ignoring deleted ones', () => {
		const list = [
			statement({ kind: 'goal', theme: 'home', order: 0 }),
			statement({ kind: 'goal', theme: 'home', order: 4 }),
			statement({ kind: 'goal', theme: 'home', order: 9, deletedAt: now.toISOString() }),
			statement({ kind: 'goal', theme: 'care', order: 7 })
		];
		expect(nextOrder(list, 'goal', 'home')).toBe(5);
		expect(nextOrder(list, 'plan', 'home')).toBe(0);
	});
});

describe('history', () => {
	const saved = { text: 'oud', updatedAt: '2026-03-10T19:00:00Z' };
	it('keeps the previous text when a new writing session starts', () => {
		expect(shouldKeepPrevious(saved, 'nieuw', now)).toBe(true);
		const soon = new Date(Date.parse(saved.updatedAt) + SESSION_GAP_MS - 1);
		expect(shouldKeepPrevious(saved, 'nieuw', soon)).toBe(false);
	});
	it('keeps nothing when nothing changed or there was no text', () => {
		expect(shouldKeepPrevious(saved, 'oud', now)).toBe(false);
		expect(shouldKeepPrevious({ ...saved, text: ' ' }, 'nieuw', now)).toBe(false);
	});
	it('always keeps the current text before restoring an earlier one', () => {
		const soon = new Date(Date.parse(saved.updatedAt) + 1000);
		expect(shouldKeepPrevious(saved, 'maart', soon, true)).toBe(true);
	});
	it('shows the newest first and folds repeats', () => {
		const versions = [
			{ id: '1', statementId: 's', text: 'a', savedAt: '2026-01-01T00:00:00Z' },
			{ id: '3', statementId: 's', text: 'b', savedAt: '2026-03-01T00:00:00Z' },
			{ id: '2', statementId: 's', text: 'b', savedAt: '2026-02-01T00:00:00Z' }
		];
		expect(historyForDisplay(versions).map((v) => v.id)).toEqual(['3', '1']);
	});
});

describe('deletion window', () => {
	it('can be restored for 30 days, then purged', () => {
		const deletedAt = '2026-03-01T12:00:00Z';
		expect(daysLeftToRestore({ deletedAt }, new Date('2026-03-01T12:00:01Z'))).toBe(RESTORE_DAYS);
		expect(daysLeftToRestore({ deletedAt }, new Date('2026-03-30T12:00:00Z'))).toBe(1);
		expect(isRestorable({ deletedAt }, new Date('2026-03-31T11:59:59Z'))).toBe(true);
		expect(shouldPurge({ deletedAt }, new Date('2026-03-31T12:00:00Z'))).toBe(true);
		expect(isRestorable({}, now)).toBe(false);
		expect(shouldPurge({}, now)).toBe(false);
	});
});

describe('grouping and order', () => {
	it('groups by kind then theme in domain order, each in its own order', () => {
		const a = statement({ kind: 'goal', theme: 'money', order: 1 });
		const b = statement({ kind: 'goal', theme: 'money', order: 0 });
		const c = statement({ kind: 'vision', theme: 'other', order: 0 });
		const d = statement({ kind: 'goal', theme: 'care', order: 0 });
		const gone = statement({ kind: 'plan', deletedAt: now.toISOString() });
		const groups = groupStatements([a, b, c, d, gone]);
		expect(groups.map((g) => g.kind)).toEqual(['vision', 'goal']);
		expect(groups[1]!.themes.map((t) => t.theme)).toEqual(['care', 'money']);
		expect(groups[1]!.themes[1]!.statements.map((s) => s.id)).toEqual([b.id, a.id]);
	});
	it('moves a statement one place within its group only', () => {
		const x = statement({ kind: 'plan', theme: 'home', order: 0 });
		const y = statement({ kind: 'plan', theme: 'home', order: 1 });
		const z = statement({ kind: 'plan', theme: 'home', order: 2 });
		const other = statement({ kind: 'plan', theme: 'care', order: 0 });
		const list = [x, y, z, other];
		expect(moveWithinGroup(list, z.id, 'up')).toEqual([
			{ id: z.id, order: 1 },
			{ id: y.id, order: 2 }
		]);
		expect(moveWithinGroup(list, x.id, 'up')).toEqual([]);
		expect(moveWithinGroup(list, z.id, 'down')).toEqual([]);
		expect(moveWithinGroup(list, 'missing', 'down')).toEqual([]);
	});
	it('shows a long list in parts, keeping reading order and groups', () => {
		const list = [
			statement({ kind: 'vision', theme: 'care', order: 0 }),
			statement({ kind: 'vision', theme: 'care', order: 1 }),
			statement({ kind: 'goal', theme: 'home', order: 0 }),
			statement({ kind: 'plan', theme: 'money', order: 0 })
		];
		const all = groupStatements(list);
		const part = limitGroups(all, 3);
		expect(part.hidden).toBe(1);
		expect(part.groups.map((g) => g.kind)).toEqual(['vision', 'goal']);
		expect(part.groups[0]!.themes[0]!.statements).toHaveLength(2);
		expect(limitGroups(all, 10)).toEqual({ groups: all, hidden: 0 });
		expect(limitGroups(all, 0)).toEqual({ groups: [], hidden: 4 });
	});

	it('repairs gaps and ties when moving', () => {
		const p = statement({ kind: 'goal', theme: 'home', order: 5 });
		const q = statement({ kind: 'goal', theme: 'home', order: 5 });
		expect(moveWithinGroup([p, q], p.id, 'down')).toEqual([
			{ id: q.id, order: 0 },
			{ id: p.id, order: 1 }
		]);
	});
});

describe('time order', () => {
	it('orders ISO dates and timestamps by time, newest first for lists', async () => {
		const { compareIso, newestFirst } = await import('./order');
		expect(['2026-03-10', '2025-12-31', '2026-03-09'].sort(compareIso)).toEqual([
			'2025-12-31',
			'2026-03-09',
			'2026-03-10'
		]);
		const a = { date: '2026-03-10', createdAt: '2026-03-10T08:00:00.000Z' };
		const b = { date: '2026-03-10', createdAt: '2026-03-10T09:00:00.000Z' };
		const c = { date: '2026-03-11', createdAt: '2026-03-01T09:00:00.000Z' };
		expect([a, b, c].sort(newestFirst)).toEqual([c, b, a]);
	});
});

describe('search', () => {
	it('ignores case and accents and needs every word', () => {
		expect(foldForSearch('Één Ökonomie')).toBe('een okonomie');
		const items = ['Rust in huis voor Noor', 'Een vaste week', 'Crèche en school'].map((text) => ({
			text
		}));
		const text = (item: { text: string }) => item.text;
		expect(searchItems(items, 'creche', text)).toEqual([{ text: 'Crèche en school' }]);
		expect(searchItems(items, 'RUST noor', text)).toEqual([items[0]]);
		expect(searchItems(items, 'rust week', text)).toEqual([]);
		expect(searchItems(items, '   ', text)).toEqual(items);
	});
	it('folds each item once when given a cache', () => {
		const items = [{ text: 'Één' }, { text: 'Twee' }];
		const cache = new WeakMap<{ text: string }, string>();
		let folds = 0;
		const text = (item: { text: string }) => (folds++, item.text);
		expect(searchItems(items, 'een', text, cache)).toEqual([items[0]]);
		expect(searchItems(items, 'twee', text, cache)).toEqual([items[1]]);
		expect(folds).toBe(2);
	});
});

describe('children', () => {
	const child = (partial: Partial<Child>): Child => ({
		id: partial.name ?? 'c',
		ownerId: 'me',
		name: 'Noor',
		createdAt: '',
		updatedAt: '',
		...partial
	});
	it('checks name and birth year', () => {
		expect(checkChild(' Noor ', '2018', now)).toEqual({ ok: true, name: 'Noor', birthYear: 2018 });
		expect(checkChild('Sam', '', now)).toEqual({ ok: true, name: 'Sam' });
		expect(checkChild('', '2031', now)).toEqual({
			ok: false,
			problems: ['name-empty', 'year-invalid']
		});
		expect(checkChild('Sam', '18', now)).toEqual({ ok: false, problems: ['year-invalid'] });
		expect(checkChild('Sam', '1990', now)).toEqual({ ok: false, problems: ['year-invalid'] });
		expect(checkChild('x'.repeat(41), '', now)).toEqual({ ok: false, problems: ['name-too-long'] });
	});
	it('sorts oldest first and resolves who a statement is about', () => {
		const noor = child({ id: 'n', name: 'Noor', birthYear: 2016 });
		const sam = child({ id: 's', name: 'Sam', birthYear: 2019 });
		const gone = child({ id: 'g', name: 'Gone', deletedAt: 'x' });
		expect(sortChildren([sam, gone, noor]).map((c) => c.id)).toEqual(['n', 's']);
		expect(childrenOf([], [noor, sam])).toBe('all');
		expect(childrenOf(['s'], [noor, sam])).toEqual([sam]);
		expect(childrenOf(['g'], [noor, gone])).toBe('all');
	});
});

describe('pictograms', () => {
	it('knows its pictograms and where they are served', () => {
		expect(PICTOGRAM_IDS.length).toBeGreaterThan(20);
		expect(isPictogram('home')).toBe(true);
		expect(isPictogram('toString')).toBe(false);
		expect(pictogramUrl('home')).toBe('/pictograms/home.svg');
	});
});
