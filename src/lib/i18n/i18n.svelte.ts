import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json';
import nl from './locales/nl.json';
import { DEFAULT_LANGUAGE, chooseLanguage, type Language } from './languages';

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
	fallbackLng: DEFAULT_LANGUAGE,
	// Copies: i18next merges each area's texts into these objects later.
	resources: { nl: { translation: structuredClone(nl) }, en: { translation: structuredClone(en) } },
	initAsync: false,
	// Svelte renders every string as text, so i18next must not escape a second time.
	interpolation: { escapeValue: false }
});

/** The interface language as runes state: components that call `t` follow a switch. */
class LanguageManager {
	current = $state<Language>(instance.language as Language);

	t = (key: string, options?: TOptions): string => {
		void this.current;
		return instance.t(key, options) as string;
	};

	get dir(): 'ltr' | 'rtl' {
		return instance.dir(this.current);
	}

	set(language: Language): void {
		void instance.changeLanguage(language);
		this.current = language;
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
 * Adds the texts of one area of the app, in every language. Areas load their texts with
 * their routes, so the home screen does not carry them.
 */
export function addTexts(texts: Record<Language, object>): void {
	for (const [lng, resources] of Object.entries(texts)) {
		instance.addResourceBundle(lng, 'translation', resources, true, true);
	}
}
