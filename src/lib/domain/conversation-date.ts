import { daysBetween, isCalendarDate } from './calendar-date';

/** The next conversation as the parent set it: a day, and a time if they know it. */
export interface NextConversation {
	date: string;
	time?: string;
}

export const PREPARE_DAYS = 7;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTime(value: unknown): value is string {
	return typeof value === 'string' && TIME.test(value);
}

export function parseNextConversation(value: unknown): NextConversation | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const v = value as Record<string, unknown>;
	if (!isCalendarDate(v.date)) return undefined;
	return isTime(v.time) ? { date: v.date, time: v.time } : { date: v.date };
}

/** Days left until the conversation; negative once it has passed. */
export function daysUntil(conversation: NextConversation, today: string): number {
	return daysBetween(today, conversation.date);
}

/** In the week before the conversation (and on the day itself) Koers offers to prepare. */
export function isTimeToPrepare(
	conversation: NextConversation | undefined,
	today: string
): boolean {
	if (!conversation) return false;
	const left = daysUntil(conversation, today);
	return left >= 0 && left <= PREPARE_DAYS;
}
