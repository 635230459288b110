import { addTexts } from '../i18n.svelte';
import en from '../locales/meeting/en.json';
import nl from '../locales/meeting/nl.json';

/** Texts of the conversation mode: the viergesprek on one shared screen. */
export const meetingTexts = { nl, en };
addTexts(meetingTexts);
