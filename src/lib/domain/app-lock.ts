/**
 * The rules of the app lock that need no browser: which codes are accepted, how long a
 * person waits after wrong codes, and the idle times to choose from.
 */

export type CodeKind = 'pin' | 'passphrase';

export const PIN_LENGTH = 6;
export const PASSPHRASE_LENGTH = 10;

export const CODE_PROBLEMS = [
	'pinTooShort',
	'pinDigitsOnly',
	'passphraseTooShort',
	'mismatch'
] as const;
export type CodeProblem = (typeof CODE_PROBLEMS)[number];

/** What a person is told before relying on the lock: what it cannot do, too. */
export const LOCK_LIMITS = ['forgotten', 'pin', 'wrong', 'backup'] as const;

/** What is wrong with a new code, or undefined when it may be used. */
export function checkNewCode(
	kind: CodeKind,
	code: string,
	repeated: string
): CodeProblem | undefined {
	if (kind === 'pin') {
		if (!/^\d*$/.test(code)) return 'pinDigitsOnly';
		if (code.length < PIN_LENGTH) return 'pinTooShort';
	} else if ([...code.trim()].length < PASSPHRASE_LENGTH) {
		return 'passphraseTooShort';
	}
	return code === repeated ? undefined : 'mismatch';
}

/** Wrong codes in a row that cost no waiting: a typo or two should not punish anyone. */
const FREE_TRIES = 3;
const FIRST_WAIT = 15_000;
export const LONGEST_WAIT = 5 * 60_000;

/**
 * How long to wait before the next try after this many wrong codes in a row: nothing for the
 * first few, then 15 seconds, doubling each time, never more than 5 minutes. Wrong codes
 * never erase anything.
 */
export function waitAfterWrongCodes(wrong: number): number {
	if (wrong < FREE_TRIES) return 0;
	return Math.min(FIRST_WAIT * 2 ** (wrong - FREE_TRIES), LONGEST_WAIT);
}

/** The idle times (minutes) a person can choose; Koers also locks when left in the background. */
export const IDLE_MINUTES = [1, 5, 15, 30] as const;
export type IdleMinutes = (typeof IDLE_MINUTES)[number];
export const DEFAULT_IDLE_MINUTES: IdleMinutes = 5;

export function chooseIdleMinutes(stored: unknown): IdleMinutes {
	return IDLE_MINUTES.find((minutes) => minutes === stored) ?? DEFAULT_IDLE_MINUTES;
}
