import { addTexts } from '../i18n.svelte';
import en from '../locales/settings/en.json';
import nl from '../locales/settings/nl.json';

export const settingsTexts = { nl, en };
addTexts(settingsTexts);
