import i18next, { type TOptions } from 'i18next';
import { DEFAULT_LANGUAGE, chooseLanguage, type Language } from './languages';
import { TextFetcher, type TextArea } from './text-files';

const STORAGE_KEY = 'koers.language';

function storedLanguage(): Language {
	try {
		return chooseLanguage(globalThis.localStorage?.getItem(STORAGE_KEY));
	} catch {
		return DEFAULT_LANGUAGE;
	}
}

const instance = i18next.createInstance();
void instance.init({
	lng: storedLanguage(),
	// Every language holds every key (a unit test checks), so nothing falls back.
	fallbackLng: false,
	resources: {},
	initAsync: false,
	// Svelte renders every string as text, so i18next must not escape a second time.
	interpolation: { escapeValue: false },
	// A screen that shows a key instead of a text forgot to load its area: say so, loudly.
	saveMissing: true,
	missingKeyHandler: (languages, _namespace, key) =>
		console.error(`Koers: no text for "${key}" in ${languages.join(', ')}`)
});

// Bumped when texts arrive: a screen that asked before they were in shows them then.
let arrived = $state(0);

const texts = new TextFetcher((lng, bundle) => {
	instance.addResourceBundle(lng, 'translation', bundle, true, true);
	arrived++;
});

/** The interface language as runes state: components that call `t` follow a switch. */
class LanguageManager {
	current = $state<Language>(instance.language as Language);

	t = (key: string, options?: TOptions): string => {
		void this.current;
		void arrived;
		return instance.t(key, options) as string;
	};

	get dir(): 'ltr' | 'rtl' {
		return instance.dir(this.current);
	}

	/** Switches once the new language's texts are here, so no screen shows a key. */
	async set(language: Language): Promise<void> {
		await texts.fetchWanted(language);
		await instance.changeLanguage(language);
		this.current = language;
		// An area a screen asked for in the old language during the switch comes in too.
		await texts.fetchWanted(language);
		try {
			localStorage.setItem(STORAGE_KEY, language);
		} catch {
			// Private windows may refuse storage; the choice then lasts for this visit only.
		}
		this.applyToDocument();
	}

	applyToDocument(): void {
		if (typeof document === 'undefined') return;
		document.documentElement.lang = this.current;
		document.documentElement.dir = this.dir;
	}
}

export const language = new LanguageManager();
export const t = language.t;

/**
 * Fetches the texts of these areas in the language on screen. Each route's load awaits
 * its areas, so a screen shows only once its texts are here, and only one language loads.
 */
export async function loadTexts(...areas: TextArea[]): Promise<void> {
	const asked = language.current;
	await texts.fetch(areas, asked);
	// The language switched meanwhile: the screen shows the new one, so its texts come too.
	if (language.current !== asked) await texts.fetch(areas, language.current);
}
