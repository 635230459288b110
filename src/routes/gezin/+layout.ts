import '$lib/i18n/texts/family';
import '$lib/i18n/texts/statements';
import '$lib/i18n/texts/reflections';
