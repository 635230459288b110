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
	'lock',
	'meeting',
	'planning',
	'problems',
	'reflections',
	'safety',
	'settings',
	'space',
	'statements',
	'sync',
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

/** Fetches each area's texts once per language, and remembers which areas screens wanted. */
export class TextFetcher {
	#fetched = new Map<string, Promise<void>>();
	#wanted = new Set<TextArea>();
	#add: (language: Language, texts: Texts) => void;

	constructor(add: (language: Language, texts: Texts) => void) {
		this.#add = add;
	}

	fetch(areas: Iterable<TextArea>, language: Language): Promise<void> {
		const all = [...areas].map((area) => {
			this.#wanted.add(area);
			return this.#fetchOne(area, language);
		});
		return Promise.all(all).then(() => {});
	}

	/**
	 * Every area asked for so far, in another language: for a switch. Areas that screens ask
	 * for while these arrive are fetched too, until none is missing.
	 */
	async fetchWanted(language: Language): Promise<void> {
		let count: number;
		do {
			count = this.#wanted.size;
			await this.fetch(this.#wanted, language);
		} while (this.#wanted.size !== count);
	}

	#fetchOne(area: TextArea, language: Language): Promise<void> {
		const key = `${language}/${area}`;
		let done = this.#fetched.get(key);
		if (!done) {
			done = textFile(area, language)().then((texts) => this.#add(language, texts));
			// A failed fetch may work on the next try.
			done.catch(() => this.#fetched.delete(key));
			this.#fetched.set(key, done);
		}
		return done;
	}
}
