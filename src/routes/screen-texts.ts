import type { TextArea } from '$lib/i18n/text-files';

/**
 * The text areas each route loads besides `app`, by route id: a layout's for every screen
 * under it, a page's for itself. Each route's load fetches its own; the start fetches those
 * of the first screen at once (`textsForAddress`), side by side with that screen's code
 * instead of after it.
 */
export const LAYOUT_TEXTS = {
	'/gezin': ['family'],
	'/gezin/[spaceId]': [
		'agreements',
		'meeting',
		'planning',
		'reflections',
		'space',
		'statements',
		'sync'
	],
	'/mijn-koers': ['guidance', 'statements', 'sync'],
	'/terugkijken': ['planning', 'reflections', 'statements', 'sync']
} as const satisfies Record<string, readonly TextArea[]>;

export const PAGE_TEXTS = {
	'/': ['home', 'problems'],
	'/gezin/deelnemen': ['space', 'statements'],
	'/instellingen': ['settings', 'home', 'lock'],
	'/over': ['about'],
	'/veilig': ['safety'],
	'/welkom': ['welcome']
} as const satisfies Record<string, readonly TextArea[]>;

/**
 * The areas a visit to this address loads, as far as its address tells without SvelteKit's
 * router: routes with a parameter (a family's pages) are left to their own loads.
 */
export function textsForAddress(pathname: string): TextArea[] {
	const path = pathname.replace(/\/+$/, '') || '/';
	const areas = new Set<TextArea>();
	const add = (list: readonly TextArea[]) => list.forEach((area) => areas.add(area));
	for (const [id, list] of Object.entries(LAYOUT_TEXTS)) {
		if (!id.includes('[') && (path === id || path.startsWith(`${id}/`))) add(list);
	}
	const page: readonly TextArea[] | undefined = PAGE_TEXTS[path as keyof typeof PAGE_TEXTS];
	if (page) add(page);
	return [...areas];
}
