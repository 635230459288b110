/**
 * Headers sent with every response. HTML pages get their Content-Security-Policy (with
 * script hashes) from SvelteKit itself; the strict default below fills in where none is set.
 */
export const securityHeaders = {
	'Content-Security-Policy':
		"default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
	'X-Frame-Options': 'DENY'
};

/**
 * Adds the headers just before the response head is written, without replacing any the
 * app set. Not on 304: a browser merges a 304's headers into its cached copy, and a
 * default policy would overwrite the page's own (with its script hashes).
 */
export function addSecurityHeaders(res) {
	const writeHead = res.writeHead;
	res.writeHead = function (status, ...rest) {
		if (status !== 304) {
			const given = rest.find((arg) => typeof arg === 'object' && arg !== null) ?? {};
			const givenNames = new Set(Object.keys(given).map((name) => name.toLowerCase()));
			for (const [name, value] of Object.entries(securityHeaders)) {
				if (!res.hasHeader(name) && !givenNames.has(name.toLowerCase())) res.setHeader(name, value);
			}
		}
		return writeHead.call(this, status, ...rest);
	};
}
