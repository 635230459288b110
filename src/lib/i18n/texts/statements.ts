import { addTexts } from '../i18n.svelte';
import guidanceEn from '../locales/guidance/en.json';
import guidanceNl from '../locales/guidance/nl.json';
import en from '../locales/statements/en.json';
import nl from '../locales/statements/nl.json';

/** Texts of "Mijn koers", with the writing guidance. */
export const statementsTexts = {
	nl: { ...nl, guidance: guidanceNl },
	en: { ...en, guidance: guidanceEn }
};
addTexts(statementsTexts);
