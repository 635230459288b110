import { addTexts } from '../i18n.svelte';
import en from '../locales/agreements/en.json';
import nl from '../locales/agreements/nl.json';

/** Texts of agreements (afspraken), their confirmations and history, and counsellor notes. */
export const agreementsTexts = { nl, en };
addTexts(agreementsTexts);
