import { calendarDateOf } from '$lib/domain/calendar-date';

/** Today in the device's own time zone: reflections are about days as the parent lives them. */
export function today(): string {
	return calendarDateOf(new Date());
}
