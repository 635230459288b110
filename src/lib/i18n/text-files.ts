import type { Language } from './languages';

/**
 * The areas of the app whose texts load apart: `app` is what every screen shows (menu,
 * messages, help); each other area belongs to the routes that show it.
 */
export const TEXT_AREAS = [
	'app',
	'about',
	'agreements',
	'family',
	'guidance',
	'home',
	'meeting',
	'planning',
	'reflections',
	'settings',
	'statements',
	'welcome'
] as const;
export type TextArea = (typeof TEXT_AREAS)[number];

type Texts = Record<string, unknown>;

// One file per area and language, each fetched on its own: a visit loads one language.
const files = import.meta.glob<Texts>(['./locales/*.json', './locales/*/*.json'], {
	import: 'default'
});

/** Where the texts of one area in one language come from. */
export function textFile(area: TextArea, language: Language): () => Promise<Texts> {
	const file =
		files[area === 'app' ? `./locales/${language}.json` : `./locales/${area}/${language}.json`];
	if (!file) throw new Error(`No ${language} texts for ${area}`);
	return file;
}
