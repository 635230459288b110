import { addTexts } from '../i18n.svelte';
import en from '../locales/reflections/en.json';
import nl from '../locales/reflections/nl.json';

/** Texts of "Terugkijken"; its pages also show statements, so they load those texts too. */
export const reflectionsTexts = { nl, en };
addTexts(reflectionsTexts);
