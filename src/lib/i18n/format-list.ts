import type { Language } from './languages';

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * "Anna en Bart", "Anna, Bart en Sanne". Its own module, so the first screens do not carry
 * it (only the family screens use it).
 */
export function formatList(items: readonly string[], language: Language): string {
	let format = listFormats.get(language);
	if (!format) {
		format = new Intl.ListFormat(language, { type: 'conjunction' });
		listFormats.set(language, format);
	}
	return format.format(items);
}
