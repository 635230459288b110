import { describe, expect, it } from 'vitest';
import { MAX_DRIFT_MS, createClock, formatStamp, parseStamp, receive, tick } from './hlc';
import { applyChange, keyOf, liveRecords, type Change, type Replica } from './merge';

describe('hybrid logical clock', () => {
	it('formats a sortable stamp and parses it back', () => {
		const stamp = formatStamp({ wall: 1_773_000_000_000, counter: 7, node: 'dev-a' });
		expect(stamp).toBe('001773000000000:00007:dev-a');
		expect(parseStamp(stamp)).toEqual({ wall: 1_773_000_000_000, counter: 7, node: 'dev-a' });
		expect(parseStamp('1773:7:dev-a')).toBeUndefined();
		expect(parseStamp('001773000000000:00007:<script>')).toBeUndefined();
		expect(() => createClock('has space')).toThrow();
	});
	it('moves forward with time, and counts within the same millisecond or a clock going back', () => {
		let clock = createClock('a');
		clock = tick(clock, 1000);
		expect(clock).toEqual({ wall: 1000, counter: 0, node: 'a' });
		clock = tick(clock, 1000);
		expect(clock.counter).toBe(1);
		clock = tick(clock, 900); // the device clock went back
		expect(clock).toEqual({ wall: 1000, counter: 2, node: 'a' });
		expect(formatStamp(tick(clock, 900)) > formatStamp(clock)).toBe(true);
	});
	it('after receiving a stamp, the next local stamp sorts after it', () => {
		const mine = tick(createClock('a'), 1000);
		const theirs = formatStamp({ wall: 5000, counter: 3, node: 'b' });
		const result = receive(mine, theirs, 1200);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.clock).toEqual({ wall: 5000, counter: 4, node: 'a' });
		expect(formatStamp(tick(result.clock, 1300)) > theirs).toBe(true);
	});
	it('refuses malformed stamps and stamps from far in the future', () => {
		const mine = createClock('a', 1000);
		expect(receive(mine, 'nonsense', 1000)).toEqual({ ok: false, reason: 'malformed' });
		const future = formatStamp({ wall: 1000 + MAX_DRIFT_MS + 1, counter: 0, node: 'b' });
		expect(receive(mine, future, 1000)).toEqual({ ok: false, reason: 'drift' });
	});
});

/** A small seeded random generator, so a failing order can be replayed. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffled<T>(items: T[], next: () => number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}
	return copy;
}

/** Changes as devices make them: each owner edits and deletes only its own records. */
function history(next: () => number): Change[] {
	const owners = ['a', 'b', 'c'];
	const clocks = new Map(owners.map((o) => [o, createClock(o)]));
	const changes: Change[] = [];
	let now = 1000;
	for (let i = 0; i < 60; i++) {
		now += Math.floor(next() * 3); // often the same millisecond
		const owner = owners[Math.floor(next() * owners.length)]!;
		const clock = tick(clocks.get(owner)!, now);
		clocks.set(owner, clock);
		const id = `${owner}-${Math.floor(next() * 4)}`;
		const deleting = next() < 0.2;
		changes.push({
			table: next() < 0.5 ? 'statements' : 'reflections',
			id,
			owner,
			stamp: formatStamp(clock),
			record: deleting ? null : { text: `${id} v${i}` }
		});
	}
	return changes;
}

function replay(changes: Change[]): Replica {
	const replica: Replica = new Map();
	for (const change of changes) applyChange(replica, change);
	return replica;
}

describe('merge', () => {
	it('converges for any order of the same changes, with duplicates (property style, 200 seeds)', () => {
		for (let seed = 1; seed <= 200; seed++) {
			const next = random(seed);
			const changes = history(next);
			const expected = replay(changes);
			const withDuplicates = [...changes, ...changes.filter(() => next() < 0.3)];
			const other = replay(shuffled(withDuplicates, next));
			expect(other, `seed ${seed}`).toEqual(expected);
		}
	});

	it('keeps the newest version and treats a delete as a stamped tombstone', () => {
		const replica: Replica = new Map();
		const base = { table: 'statements', id: 's1', owner: 'a' };
		expect(
			applyChange(replica, { ...base, stamp: '000000000001000:00000:a', record: { text: 'v1' } })
		).toBe('applied');
		expect(applyChange(replica, { ...base, stamp: '000000000003000:00000:a', record: null })).toBe(
			'applied'
		);
		expect(
			applyChange(replica, { ...base, stamp: '000000000002000:00000:a', record: { text: 'v2' } })
		).toBe('older');
		expect(applyChange(replica, { ...base, stamp: '000000000003000:00000:a', record: null })).toBe(
			'same'
		);
		expect(liveRecords(replica).size).toBe(0);
		expect(replica.get(keyOf(base))?.record).toBeNull();
	});

	it('never lets one member write over another member’s record', () => {
		const replica: Replica = new Map();
		applyChange(replica, {
			table: 'statements',
			id: 's1',
			owner: 'a',
			stamp: '000000000001000:00000:a',
			record: { text: 'van A' }
		});
		const takeover = {
			table: 'statements',
			id: 's1',
			owner: 'b',
			stamp: '000000000009000:00000:b',
			record: { text: 'van B' }
		};
		expect(applyChange(replica, takeover)).toBe('not-owner');
		expect(liveRecords(replica).get('statements/s1')).toEqual({ text: 'van A' });
	});
});
