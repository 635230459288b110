/** The main menu, in order. `name` picks the label `nav.<name>`. */
export const NAV_LINKS = [
	{ href: '/', name: 'home', needsProfile: true },
	{ href: '/instellingen', name: 'settings', needsProfile: true },
	{ href: '/over', name: 'about', needsProfile: false }
] as const;
