import { describe, expect, it } from 'vitest';
import { ShiftPresses, type KeyPress } from './shift-presses';

const down = (key: string, at: number, repeat = false): KeyPress => ({
	type: 'keydown',
	key,
	repeat,
	at
});
const up = (key: string, at: number): KeyPress => ({ type: 'keyup', key, repeat: false, at });
const shift = (at: number) => [down('Shift', at), up('Shift', at + 60)];

/** Feeds the events and says whether any of them triggered the quick exit. */
const triggers = (events: KeyPress[]) => {
	const presses = new ShiftPresses();
	return events.map((event) => presses.see(event)).includes(true);
};

describe('three presses of Shift', () => {
	it('leave on the third press within five seconds', () => {
		expect(triggers([...shift(0), ...shift(1000), ...shift(4000)])).toBe(true);
		expect(triggers([...shift(0), ...shift(300)])).toBe(false);
	});

	it('do not count when spread over more than five seconds', () => {
		expect(triggers([...shift(0), ...shift(3000), ...shift(5100)])).toBe(false);
		expect(triggers([...shift(0), ...shift(3000), ...shift(5100), ...shift(6000)])).toBe(true);
	});

	it('never come from typing capitals, however many', () => {
		const capitals = [0, 500, 1000, 1500].flatMap((at) => [
			down('Shift', at),
			down('A', at + 20),
			up('A', at + 40),
			up('Shift', at + 60)
		]);
		expect(triggers(capitals)).toBe(false);
	});

	it('start again after any other key, Escape too', () => {
		expect(triggers([...shift(0), ...shift(500), down('Escape', 700), ...shift(900)])).toBe(false);
		expect(triggers([...shift(0), down('k', 200), ...shift(500), ...shift(900)])).toBe(false);
	});

	it('count a held Shift once, however long it repeats', () => {
		const held = [
			down('Shift', 0),
			down('Shift', 500, true),
			down('Shift', 600, true),
			up('Shift', 700)
		];
		expect(triggers([...held, ...shift(1000)])).toBe(false);
		expect(triggers([...held, ...shift(1000), ...shift(1500)])).toBe(true);
	});

	it('count nothing for Escape alone', () => {
		const escapes = [0, 100, 200, 300].flatMap((at) => [down('Escape', at), up('Escape', at + 20)]);
		expect(triggers(escapes)).toBe(false);
	});
});
