/**
 * Where "Snel weg" sends a person, as whoever runs Koers sets it (`QUICK_EXIT_URL`): an
 * https address of an ordinary site, or nothing, in which case Koers's own neutral page is
 * used. Anything else stops Koers from starting, naming the variable: a wrong address would
 * only show up at the moment someone needs to leave fast.
 */
export function quickExitUrl(value: string | undefined): string | null {
	const text = value?.trim();
	if (!text) return null;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new Error(`QUICK_EXIT_URL must be an https address, not "${text}".`);
	}
	if (url.protocol !== 'https:' || url.username || url.password) {
		throw new Error(
			`QUICK_EXIT_URL must be an https address without a name or password, not "${text}".`
		);
	}
	return url.href;
}
