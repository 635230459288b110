import type { Language } from './languages';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(language: Language, kind: 'date' | 'dateTime'): Intl.DateTimeFormat {
	const key = `${language}:${kind}`;
	let format = dateFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(language, {
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			...(kind === 'dateTime' ? { hour: '2-digit', minute: '2-digit' } : {})
		});
		dateFormats.set(key, format);
	}
	return format;
}

/** "3 maart 2026"; formats are made once per language, as long lists show many dates. */
export function formatDate(iso: string | Date, language: Language): string {
	return cached(language, 'date').format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** A calendar day ("2026-03-03") as "3 maart 2026", the same day in every time zone. */
export function formatDay(date: string, language: Language): string {
	return formatDate(`${date}T12:00:00`, language);
}

/** "3 maart 2026 om 20:15" */
export function formatDateTime(iso: string, language: Language): string {
	return cached(language, 'dateTime').format(new Date(iso));
}

/** "1,2 MB": how much room something takes, in the person's language. */
export function formatMegabytes(bytes: number, language: Language): string {
	return new Intl.NumberFormat(language, {
		style: 'unit',
		unit: 'megabyte',
		maximumFractionDigits: bytes < 10_000_000 ? 1 : 0
	}).format(bytes / 1_000_000);
}
