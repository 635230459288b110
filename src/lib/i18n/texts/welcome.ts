import { addTexts } from '../i18n.svelte';
import en from '../locales/welcome/en.json';
import nl from '../locales/welcome/nl.json';

export const welcomeTexts = { nl, en };
addTexts(welcomeTexts);
