import { describe, expect, it } from 'vitest';
import { canLink, linkKey, linkedTo, sideBySide, type SharedStatement } from './conversation';

const parents = ['anna', 'bart'] as const;

function statement(
	id: string,
	ownerId: string,
	kind: SharedStatement['kind'],
	theme: SharedStatement['theme'] = 'care'
) {
	return { id, ownerId, kind, theme, text: id, updatedAt: '2026-03-10T20:00:00Z' };
}

const statements = [
	statement('a-vision', 'anna', 'vision'),
	statement('b-vision', 'bart', 'vision'),
	statement('b-goal', 'bart', 'goal'),
	statement('a-school', 'anna', 'goal', 'school'),
	statement('f-note', 'fatima', 'vision')
];

describe('the conversation screen', () => {
	it('shows one theme kind by kind, each parent in their own column, others left out', () => {
		expect(
			sideBySide(statements, parents, 'care').map((row) => [
				row.kind,
				row.columns.map((c) => c.map((s) => s.id))
			])
		).toEqual([
			['vision', [['a-vision'], ['b-vision']]],
			['goal', [[], ['b-goal']]]
		]);
		expect(sideBySide(statements, parents, 'money')).toEqual([]);
	});

	it('leaves out what was hidden for the rest of the conversation', () => {
		const rows = sideBySide(statements, parents, 'care', ['b-goal', 'a-vision']);
		expect(rows.map((r) => r.columns.map((c) => c.map((s) => s.id)))).toEqual([[[], ['b-vision']]]);
	});

	it('links shared ground between the two parents only, the same pair once', () => {
		const [av, bv, bg] = statements;
		expect(canLink(av!, bv!, parents)).toBe(true);
		expect(canLink(bv!, bg!, parents)).toBe(false);
		expect(canLink(av!, statements[4]!, parents)).toBe(false);
		expect(linkKey('b', 'a')).toEqual(['a', 'b']);
		const link = (
			id: string,
			a: string,
			b: string,
			author: string,
			at: string,
			removed = false
		) => ({
			id,
			statementIds: linkKey(a, b),
			author,
			changedAt: `2026-03-17T19:${at}:00Z`,
			...(removed ? { removed } : {})
		});
		const links = [
			link('l1', 'b-vision', 'a-vision', 'fatima', '30'),
			link('l2', 'a-vision', 'b-vision', 'anna', '31'),
			link('l3', 'a-vision', 'b-goal', 'anna', '32'),
			// Bart removes the link Anna made: the newest word on the pair counts.
			link('l4', 'b-goal', 'a-vision', 'bart', '35', true)
		];
		const linked = linkedTo(links);
		expect(linked.get('a-vision')).toEqual(['b-vision']);
		expect(linked.get('b-vision')).toEqual(['a-vision']);
		expect(linked.has('b-goal')).toBe(false);
		// Linked again later, by anyone, it is back.
		expect(
			linkedTo([...links, link('l5', 'a-vision', 'b-goal', 'fatima', '40')]).get('b-goal')
		).toEqual(['a-vision']);
	});
});
