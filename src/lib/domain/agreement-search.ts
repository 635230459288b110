import type { AgreementVersion } from './agreements';
import type { Theme } from './statements';

/**
 * Whether an agreement holds the words searched for, in any of its versions: "what did we
 * agree in March?" must find wording that has changed since. Matched on the text, who does
 * what, and the theme's name in the reader's language; case and accents do not matter.
 */
export function matchesAgreement(
	agreement: { versions: readonly AgreementVersion[] },
	query: string,
	language: string,
	themeName: (theme: Theme) => string
): boolean {
	const fold = (text: string) =>
		text.toLocaleLowerCase(language).normalize('NFD').replace(/\p{M}/gu, '');
	const words = fold(query).split(/\s+/).filter(Boolean);
	if (words.length === 0) return true;
	return agreement.versions.some((v) => {
		const haystack = fold([v.text, v.who, themeName(v.theme)].join('\n'));
		return words.every((word) => haystack.includes(word));
	});
}
