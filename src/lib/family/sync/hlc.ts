/**
 * Hybrid logical clock as a sortable string: "<wall ms, 15 digits>:<counter, 5 digits>:<node>".
 * Comparing two stamps is comparing two strings, and stamps from different devices still
 * order causally even when their clocks disagree a little.
 */
export interface Clock {
	wall: number;
	counter: number;
	node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
/** A remote stamp this far ahead of our own clock is refused: a broken or hostile device. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;
const STAMP = /^(\d{15}):(\d{5}):([A-Za-z0-9_-]{1,64})$/;

export function formatStamp(clock: Clock): string {
	return `${String(clock.wall).padStart(WALL_DIGITS, '0')}:${String(clock.counter).padStart(COUNTER_DIGITS, '0')}:${clock.node}`;
}

export function parseStamp(stamp: string): Clock | undefined {
	const match = STAMP.exec(stamp);
	if (!match) return undefined;
	return { wall: Number(match[1]), counter: Number(match[2]), node: match[3]! };
}

export function createClock(node: string, wall = 0): Clock {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(node))
		throw new Error('A clock node id is 1 to 64 letters, digits, _ or -');
	return { wall, counter: 0, node };
}

/**
 * A counter that would run past its digits moves the clock one millisecond on instead: the
 * stamp still sorts after everything seen, and nothing a device receives can make it throw.
 */
function advance(clock: Clock, wall: number, counter: number): Clock {
	if (counter > MAX_COUNTER) return { wall: wall + 1, counter: 0, node: clock.node };
	return { wall, counter, node: clock.node };
}

/** The clock for a local change at `now` (ms). */
export function tick(clock: Clock, now: number): Clock {
	return now > clock.wall ? advance(clock, now, 0) : advance(clock, clock.wall, clock.counter + 1);
}

export type ReceiveResult =
	{ ok: true; clock: Clock } | { ok: false; reason: 'malformed' | 'drift' };

/** The clock after seeing a remote stamp, so our next stamp sorts after it. */
export function receive(clock: Clock, remoteStamp: string, now: number): ReceiveResult {
	const remote = parseStamp(remoteStamp);
	if (!remote) return { ok: false, reason: 'malformed' };
	if (remote.wall - now > MAX_DRIFT_MS) return { ok: false, reason: 'drift' };
	const wall = Math.max(clock.wall, remote.wall, now);
	let counter = 0;
	if (wall === clock.wall && wall === remote.wall)
		counter = Math.max(clock.counter, remote.counter) + 1;
	else if (wall === clock.wall) counter = clock.counter + 1;
	else if (wall === remote.wall) counter = remote.counter + 1;
	return { ok: true, clock: advance(clock, wall, counter) };
}
