import { addTexts } from '../i18n.svelte';
import en from '../locales/about/en.json';
import nl from '../locales/about/nl.json';

export const aboutTexts = { nl, en };
addTexts(aboutTexts);
