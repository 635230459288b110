import { addDays } from './calendar-date';
import type { NextConversation } from './conversation-date';

function escapeText(text: string): string {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r?\n/g, '\\n');
}

/** Lines of an iCalendar file may be at most 75 octets; longer ones continue after CRLF + space. */
function fold(line: string): string {
	const bytes = new TextEncoder().encode(line);
	if (bytes.length <= 75) return line;
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const charSize = new TextEncoder().encode(char).length;
		if (size + charSize > (parts.length === 0 ? 75 : 74)) {
			parts.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += charSize;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

function compactUtc(instant: Date): string {
	return instant
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/**
 * An .ics file with the conversation, for any calendar app. With a time it is a 90-minute
 * event in local ("floating") time, so it stays at that hour wherever the calendar is;
 * without one it is an all-day event.
 */
export function conversationIcs(
	conversation: NextConversation,
	texts: { title: string; description: string },
	ids: { uid: string; now: Date }
): string {
	const day = conversation.date.replace(/-/g, '');
	const timing = conversation.time
		? (() => {
				const [h, m] = conversation.time.split(':').map(Number);
				const end = h! * 60 + m! + 90;
				const endDay = end >= 24 * 60 ? addDays(conversation.date, 1).replace(/-/g, '') : day;
				const endTime = `${String(Math.floor((end % 1440) / 60)).padStart(2, '0')}${String(end % 60).padStart(2, '0')}00`;
				return [
					`DTSTART:${day}T${conversation.time.replace(':', '')}00`,
					`DTEND:${endDay}T${endTime}`
				];
			})()
		: [
				`DTSTART;VALUE=DATE:${day}`,
				`DTEND;VALUE=DATE:${addDays(conversation.date, 1).replace(/-/g, '')}`
			];
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Koers//Koers//NL',
		'CALSCALE:GREGORIAN',
		'BEGIN:VEVENT',
		`UID:${ids.uid}`,
		`DTSTAMP:${compactUtc(ids.now)}`,
		...timing,
		`SUMMARY:${escapeText(texts.title)}`,
		`DESCRIPTION:${escapeText(texts.description)}`,
		'END:VEVENT',
		'END:VCALENDAR'
	];
	return lines.map(fold).join('\r\n') + '\r\n';
}
