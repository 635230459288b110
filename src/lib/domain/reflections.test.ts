import { conversationIcs } from './calendar-file';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	calendarDateOf,
	daysBetween,
	isCalendarDate,
	isWithin,
	weekOf
} from './calendar-date';
import { daysUntil, isTimeToPrepare, parseNextConversation } from './conversation-date';
import {
	checkReflection,
	fitPercentages,
	fitSummary,
	isFit,
	statementToRevisit,
	summaryLine,
	timelineOf,
	type Reflection,
	type ReflectionContent
} from './reflections';
import type { Statement } from './statements';

const empty: ReflectionContent = {
	date: '2026-03-10',
	statementIds: [],
	note: '',
	happened: '',
	did: '',
	nextTime: '',
	visibility: 'private'
};

let n = 0;
function reflection(partial: Partial<Reflection>): Reflection {
	n++;
	return {
		...empty,
		id: `r${n}`,
		ownerId: 'me',
		createdAt: `2026-03-10T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
		updatedAt: '2026-03-10T10:00:00.000Z',
		...partial
	};
}

function statement(partial: Partial<Statement>): Statement {
	n++;
	return {
		id: `s${n}`,
		ownerId: 'me',
		kind: 'goal',
		theme: 'care',
		text: 'x',
		childIds: [],
		visibility: 'private',
		order: 0,
		createdAt: '2026-01-01T12:00:00.000Z',
		updatedAt: '2026-01-01T12:00:00.000Z',
		...partial
	};
}

describe('calendar dates', () => {
	it('validates real dates only', () => {
		expect(isCalendarDate('2026-02-28')).toBe(true);
		expect(isCalendarDate('2026-02-29')).toBe(false);
		expect(isCalendarDate('2028-02-29')).toBe(true);
		expect(isCalendarDate('2026-3-1')).toBe(false);
		expect(isCalendarDate(20260301)).toBe(false);
	});
	it('takes the day in the person’s own time zone', () => {
		const lateEvening = new Date('2026-03-10T23:30:00Z');
		expect(calendarDateOf(lateEvening, 'UTC')).toBe('2026-03-10');
		expect(calendarDateOf(lateEvening, 'Europe/Amsterdam')).toBe('2026-03-11');
		expect(calendarDateOf(lateEvening, 'America/Curacao')).toBe('2026-03-10');
		expect(calendarDateOf(new Date('2026-03-11T03:30:00Z'), 'America/Curacao')).toBe('2026-03-10');
	});
	it('counts whole days across daylight saving changes', () => {
		// Clocks go forward on 29 March 2026 and back on 25 October 2026 in the Netherlands.
		expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
		expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
	});
	it('finds the Monday-to-Sunday week, also over a clock change and a new year', () => {
		expect(weekOf('2026-03-29')).toEqual({ start: '2026-03-23', end: '2026-03-29' }); // a Sunday
		expect(weekOf('2026-03-30')).toEqual({ start: '2026-03-30', end: '2026-04-05' });
		expect(weekOf('2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
		expect(isWithin('2026-03-25', weekOf('2026-03-29'))).toBe(true);
		expect(isWithin('2026-03-30', weekOf('2026-03-29'))).toBe(false);
	});
});

describe('reflections', () => {
	it('need a fit answer or some words, and respect the limits', () => {
		expect(isFit('partly')).toBe(true);
		expect(isFit('other parent')).toBe(false);
		expect(checkReflection(empty)).toBe('nothing');
		expect(checkReflection({ ...empty, note: '  ' })).toBe('nothing');
		expect(checkReflection({ ...empty, fit: 'no' })).toBeUndefined();
		expect(checkReflection({ ...empty, happened: 'Overdracht ging mis' })).toBeUndefined();
		expect(checkReflection({ ...empty, note: 'x'.repeat(281) })).toBe('note-too-long');
		expect(checkReflection({ ...empty, did: 'x'.repeat(5001) })).toBe('too-long');
	});
	it('shows the quick note, or else what happened', () => {
		expect(summaryLine({ note: ' Rustig gebleven ', happened: 'x', did: '' })).toBe(
			'Rustig gebleven'
		);
		expect(summaryLine({ note: '', happened: '', did: 'Ik belde' })).toBe('Ik belde');
	});
	it('counts how often actions fitted, per answered reflection', () => {
		const list = [{ fit: 'yes' }, { fit: 'yes' }, { fit: 'partly' }, { fit: 'no' }, {}] as const;
		const summary = fitSummary(list);
		expect(summary).toEqual({ yes: 2, partly: 1, no: 1, answered: 4, total: 5 });
		expect(fitPercentages(summary)).toEqual({ yes: 50, partly: 25, no: 25 });
		expect(fitPercentages(fitSummary([]))).toEqual({ yes: 0, partly: 0, no: 0 });
	});
	it('builds a statement’s timeline, oldest first, without deleted ones', () => {
		const a = reflection({ date: '2026-03-05', statementIds: ['s'] });
		const b = reflection({ date: '2026-02-01', statementIds: ['s', 't'] });
		const c = reflection({ date: '2026-03-01', statementIds: ['t'] });
		const d = reflection({ date: '2026-03-02', statementIds: ['s'], deletedAt: 'x' });
		expect(timelineOf([a, b, c, d], 's').map((r) => r.id)).toEqual([b.id, a.id]);
	});
	it('suggests the goal or vision not looked at for the longest time, after two weeks', () => {
		const dateOf = (iso: string) => iso.slice(0, 10);
		const recent = statement({ kind: 'goal', createdAt: '2026-01-01T12:00:00.000Z' });
		const forgotten = statement({ kind: 'vision', createdAt: '2026-01-02T12:00:00.000Z' });
		const plan = statement({ kind: 'plan', createdAt: '2025-01-01T12:00:00.000Z' });
		const deleted = statement({
			kind: 'goal',
			createdAt: '2025-01-01T12:00:00.000Z',
			deletedAt: 'x'
		});
		const looked = [reflection({ date: '2026-03-01', statementIds: [recent.id] })];
		const all = [recent, forgotten, plan, deleted];
		expect(statementToRevisit(all, looked, '2026-03-10', dateOf)?.id).toBe(forgotten.id);
		const lookedBoth = [
			...looked,
			reflection({ date: '2026-03-02', statementIds: [forgotten.id] })
		];
		expect(statementToRevisit(all, lookedBoth, '2026-03-10', dateOf)).toBeUndefined();
		expect(statementToRevisit(all, lookedBoth, '2026-03-15', dateOf)?.id).toBe(recent.id);
		expect(statementToRevisit([plan], [], '2026-03-10', dateOf)).toBeUndefined();
	});
});

describe('the next conversation', () => {
	it('reads only a valid date and time', () => {
		expect(parseNextConversation({ date: '2026-03-12', time: '14:30' })).toEqual({
			date: '2026-03-12',
			time: '14:30'
		});
		expect(parseNextConversation({ date: '2026-03-12', time: '25:00' })).toEqual({
			date: '2026-03-12'
		});
		expect(parseNextConversation({ date: 'morgen' })).toBeUndefined();
		expect(parseNextConversation(null)).toBeUndefined();
	});
	it('offers preparation in the week before, and on the day', () => {
		const c = { date: '2026-03-20' };
		expect(daysUntil(c, '2026-03-13')).toBe(7);
		expect(isTimeToPrepare(c, '2026-03-12')).toBe(false);
		expect(isTimeToPrepare(c, '2026-03-13')).toBe(true);
		expect(isTimeToPrepare(c, '2026-03-20')).toBe(true);
		expect(isTimeToPrepare(c, '2026-03-21')).toBe(false);
		expect(isTimeToPrepare(undefined, '2026-03-20')).toBe(false);
	});
	it('writes a valid calendar file, timed or all day', () => {
		const now = new Date('2026-03-01T09:15:00Z');
		const timed = conversationIcs(
			{ date: '2026-03-29', time: '23:00' },
			{ title: 'Gesprek, samen', description: 'Neem mee; wat je wilt\nbespreken' },
			{ uid: 'abc@koers', now }
		);
		expect(timed).toContain('DTSTART:20260329T230000\r\n');
		expect(timed).toContain('DTEND:20260330T003000\r\n');
		expect(timed).toContain('SUMMARY:Gesprek\\, samen\r\n');
		expect(timed).toContain('DESCRIPTION:Neem mee\\; wat je wilt\\nbespreken\r\n');
		expect(timed).toContain('DTSTAMP:20260301T091500Z\r\n');
		expect(timed.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		expect(timed.endsWith('END:VCALENDAR\r\n')).toBe(true);
		const allDay = conversationIcs(
			{ date: '2026-12-31' },
			{ title: 'Gesprek', description: '' },
			{ uid: 'x', now }
		);
		expect(allDay).toContain('DTSTART;VALUE=DATE:20261231\r\n');
		expect(allDay).toContain('DTEND;VALUE=DATE:20270101\r\n');
	});
	it('folds long lines at 75 octets without splitting a character', () => {
		const ics = conversationIcs(
			{ date: '2026-03-29' },
			{ title: 'é'.repeat(60), description: '' },
			{ uid: 'x', now: new Date(0) }
		);
		for (const line of ics.split('\r\n'))
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${'é'.repeat(60)}`);
	});
});
