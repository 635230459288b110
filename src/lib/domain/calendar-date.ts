/**
 * Calendar dates ("2026-03-29") as people mean them: a day in their own time zone, not an
 * instant. Arithmetic runs on UTC midnights, so daylight saving time never shifts a day.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.toISOString().slice(0, 10) === value;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The date it is now in a time zone (the device's own unless given). */
export function calendarDateOf(instant: Date, timeZone?: string): string {
	// Making a format is costly and lists ask for many dates: one per time zone.
	const key = timeZone ?? '';
	let format = formats.get(key);
	if (!format) {
		// en-CA formats as YYYY-MM-DD.
		format = new Intl.DateTimeFormat('en-CA', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		});
		formats.set(key, format);
	}
	return format.format(instant);
}

function toUtc(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y!, m! - 1, d!);
}

function fromUtc(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
	return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** Monday to Sunday of the week that holds `date`, as in the Netherlands (ISO 8601). */
export function weekOf(date: string): { start: string; end: string } {
	const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	const start = addDays(date, -weekday);
	return { start, end: addDays(start, 6) };
}

export function isWithin(date: string, range: { start: string; end: string }): boolean {
	return date >= range.start && date <= range.end;
}
