import '$lib/i18n/texts/about';
