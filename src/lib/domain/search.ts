/**
 * Search that forgives case and accents ("e" finds "é") and needs every word of the query
 * somewhere in the item's text or labels (kind, theme, children's names).
 */
export function foldForSearch(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('nl');
}

export function queryWords(query: string): string[] {
	return foldForSearch(query).split(/\s+/).filter(Boolean);
}

/** `haystack` must already be folded (see foldForSearch). */
export function matchesWords(haystack: string, words: readonly string[]): boolean {
	return words.every((word) => haystack.includes(word));
}

export function searchItems<T extends object>(
	items: readonly T[],
	query: string,
	searchableText: (item: T) => string,
	cache?: WeakMap<T, string>
): T[] {
	const words = queryWords(query);
	if (words.length === 0) return [...items];
	return items.filter((item) => {
		// Folding is the costly part; records are replaced when they change, so a cache per record stays right.
		let folded = cache?.get(item);
		if (folded === undefined) {
			folded = foldForSearch(searchableText(item));
			cache?.set(item, folded);
		}
		return matchesWords(folded, words);
	});
}
