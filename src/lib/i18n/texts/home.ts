import { addTexts } from '../i18n.svelte';
import en from '../locales/home/en.json';
import nl from '../locales/home/nl.json';

export const homeTexts = { nl, en };
addTexts(homeTexts);
