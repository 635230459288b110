import '$lib/i18n/texts/agreements';
import '$lib/i18n/texts/family';
import '$lib/i18n/texts/meeting';
import '$lib/i18n/texts/planning';
import '$lib/i18n/texts/statements';
import '$lib/i18n/texts/reflections';
