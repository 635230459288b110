import type { Role } from '$lib/domain/profile';

/** The main menu, in order. `name` picks the label `nav.<name>`; `roles` who sees it. */
export const NAV_LINKS = [
	{ href: '/', name: 'home', roles: ['parent', 'counsellor'] },
	{ href: '/mijn-koers', name: 'myCourse', roles: ['parent'] },
	{ href: '/terugkijken', name: 'reflect', roles: ['parent'] },
	{ href: '/gezin', name: 'family', roles: ['parent', 'counsellor'] },
	{ href: '/instellingen', name: 'settings', roles: ['parent', 'counsellor'] },
	{ href: '/over', name: 'about', roles: 'everyone' }
] as const satisfies readonly { href: string; name: string; roles: readonly Role[] | 'everyone' }[];

/** The links for a person with this role, or for someone without a profile yet. */
export function linksFor(role: Role | undefined) {
	return NAV_LINKS.filter(
		(link) =>
			link.roles === 'everyone' ||
			(role !== undefined && (link.roles as readonly Role[]).includes(role))
	);
}

/** Whether a link is the current place: its own page or any page below it. */
export function isCurrent(href: string, pathname: string): boolean {
	return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
