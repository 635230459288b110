import { addTexts } from '../i18n.svelte';
import en from '../locales/family/en.json';
import nl from '../locales/family/nl.json';

/** Texts of "Gezin": spaces, invites, members, sync state and shared items. */
export const familyTexts = { nl, en };
addTexts(familyTexts);
