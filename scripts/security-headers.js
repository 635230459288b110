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

/** Two years, and for every subdomain: once a browser saw Koers on HTTPS, never plain HTTP. */
export const STRICT_TRANSPORT = 'max-age=63072000; includeSubDomains';

/**
 * Whether the request came over HTTPS: on Koers's own TLS socket, or, behind a reverse
 * proxy, as the header that adapter-node is told to trust (`PROTOCOL_HEADER`) says. HSTS
 * over plain HTTP would be ignored, and would be a lie.
 * @param {import('node:http').IncomingMessage} req
 */
export function cameOverHttps(req, protocolHeader = process.env.PROTOCOL_HEADER) {
	if (/** @type {import('node:tls').TLSSocket} */ (req.socket).encrypted) return true;
	const name = protocolHeader?.toLowerCase();
	return Boolean(name) && req.headers[/** @type {string} */ (name)] === 'https';
}

/**
 * Adds the headers just before the response head is written, without replacing any the
 * app set. Not on 304: a browser merges a 304's headers into its cached copy, and a
 * default policy would overwrite the page's own (with its script hashes).
 */
export function addSecurityHeaders(req, res) {
	const headers = cameOverHttps(req)
		? { ...securityHeaders, 'Strict-Transport-Security': STRICT_TRANSPORT }
		: securityHeaders;
	const writeHead = res.writeHead;
	res.writeHead = function (status, ...rest) {
		if (status !== 304) {
			const given = rest.find((arg) => typeof arg === 'object' && arg !== null) ?? {};
			const givenNames = new Set(Object.keys(given).map((name) => name.toLowerCase()));
			for (const [name, value] of Object.entries(headers)) {
				if (!res.hasHeader(name) && !givenNames.has(name.toLowerCase())) res.setHeader(name, value);
			}
		}
		return writeHead.call(this, status, ...rest);
	};
}
