import { oneOf } from '$lib/domain/one-of';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

/** Each language by its own name, so a reader finds theirs whatever is showing now. */
export const LANGUAGE_NAMES: Record<Language, string> = { nl: 'Nederlands', en: 'English' };

export const isLanguage = oneOf(LANGUAGES);

/** Dutch first: only an explicit earlier choice changes the language. */
export function chooseLanguage(stored: unknown): Language {
	return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}
