import { addTexts } from '../i18n.svelte';
import en from '../locales/planning/en.json';
import nl from '../locales/planning/nl.json';

/** Texts of planning a conversation, its agenda and its summary. */
export const planningTexts = { nl, en };
addTexts(planningTexts);
