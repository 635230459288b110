import { describe, expect, it } from 'vitest';
import {
	agendaOf,
	isBehind,
	nextConversation,
	upcomingConversations,
	withEnded,
	type AgendaItem,
	type PlannedConversation
} from './agenda';

const plan = (id: string, date: string, extra: Partial<PlannedConversation> = {}) => ({
	id,
	date,
	participants: ['anna', 'bart', 'fatima'],
	createdBy: 'fatima',
	createdAt: '2026-03-01T10:00:00Z',
	...extra
});

function item(
	id: string,
	author: string,
	addedAt: string,
	source: AgendaItem['source'],
	removed?: boolean
) {
	return { id, conversationId: 'c1', author, addedAt, source, ...(removed ? { removed } : {}) };
}

describe('planning a conversation', () => {
	it('a planned conversation replaces the date set by hand; past and cancelled ones do not', () => {
		const byHand = { date: '2026-03-20' };
		expect(nextConversation([], byHand, '2026-03-10')).toEqual(byHand);
		expect(
			nextConversation([plan('c1', '2026-03-17', { time: '19:30' })], byHand, '2026-03-10')
		).toEqual({
			date: '2026-03-17',
			time: '19:30'
		});
		expect(nextConversation([plan('c0', '2026-03-01')], byHand, '2026-03-10')).toEqual(byHand);
		expect(
			nextConversation([plan('c1', '2026-03-17', { cancelled: true })], undefined, '2026-03-10')
		).toBe(undefined);
		expect(
			nextConversation(
				[plan('c2', '2026-04-01'), plan('c1', '2026-03-17')],
				undefined,
				'2026-03-10'
			)
		).toEqual({ date: '2026-03-17' });
	});

	it("builds the agenda: what parents brought first, then the counsellors' topics, each once", () => {
		const counsellors = new Set(['fatima']);
		const items = [
			item('i1', 'fatima', '2026-03-15T09:00:00Z', { kind: 'topic', text: 'Vakanties' }),
			item('i2', 'anna', '2026-03-16T09:00:00Z', {
				kind: 'reflection',
				refId: 'r1',
				ownerId: 'p1'
			}),
			item('i3', 'bart', '2026-03-14T09:00:00Z', { kind: 'statement', refId: 's1', ownerId: 'p1' }),
			item('i4', 'anna', '2026-03-16T10:00:00Z', {
				kind: 'reflection',
				refId: 'r1',
				ownerId: 'p1'
			}),
			item('i5', 'fatima', '2026-03-15T10:00:00Z', { kind: 'topic', text: ' vakanties ' }),
			item('i6', 'anna', '2026-03-16T11:00:00Z', { kind: 'topic', text: 'School' }, true),
			{
				...item('i7', 'anna', '2026-03-16T11:00:00Z', { kind: 'topic', text: 'Ander gesprek' }),
				conversationId: 'c2'
			}
		];
		expect(agendaOf(items, 'c1', counsellors).map((i) => i.id)).toEqual(['i3', 'i2', 'i1']);
	});
});

describe('a conversation that was held', () => {
	const today = '2026-12-02';

	it('is closed by its first summary and is no longer next, also on its own day', () => {
		const planned = withEnded(
			[plan('held', today), plan('later', '2027-01-06'), plan('other', today)],
			[
				{ conversationId: 'held', endedAt: '2026-12-02T15:00:00.000Z' },
				{ conversationId: 'held', endedAt: '2026-12-02T14:00:00.000Z' }
			]
		);
		expect(planned.find((c) => c.id === 'held')?.endedAt).toBe('2026-12-02T14:00:00.000Z');
		expect(planned.find((c) => c.id === 'other')?.endedAt).toBeUndefined();
		expect(upcomingConversations(planned, today).map((c) => c.id)).toEqual(['other', 'later']);
		expect(nextConversation(planned.slice(0, 2), { date: '2026-12-20' }, today)).toEqual({
			date: '2027-01-06'
		});
	});

	it('lies behind when held, cancelled or past; ahead otherwise', () => {
		expect(isBehind(plan('a', today, { endedAt: '2026-12-02T14:00:00.000Z' }), today)).toBe(true);
		expect(isBehind(plan('b', today, { cancelled: true }), today)).toBe(true);
		expect(isBehind(plan('c', '2026-12-01'), today)).toBe(true);
		expect(isBehind(plan('d', today), today)).toBe(false);
	});
});
