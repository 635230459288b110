import { expect, test } from '@playwright/test';

/**
 * The security headers, as the running server sends them: the page's own CSP (with its
 * script hashes), a strict default everywhere else, a permissions policy that allows the
 * camera to Koers alone, and HSTS only when the request came over HTTPS.
 */
const EVERYWHERE = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'cross-origin-opener-policy': 'same-origin',
	'x-frame-options': 'DENY'
};

test('every answer carries the security headers; the camera is for Koers alone', async ({
	request
}) => {
	for (const path of ['/', '/mijn-koers', '/api/health', '/manifest.webmanifest', '/nergens']) {
		const response = await request.get(path);
		const headers = response.headers();
		expect(headers, path).toMatchObject(EVERYWHERE);
		expect(headers['permissions-policy'], path).toContain('camera=(self)');
		expect(headers['permissions-policy'], path).toContain('microphone=()');
		expect(headers['permissions-policy'], path).toContain('geolocation=()');
		expect(headers['content-security-policy'], path).toContain("default-src 'self'");
		expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
		expect(headers['strict-transport-security'], path).toBeUndefined();
	}
});

test("a page's CSP allows only Koers's own scripts, by hash, and connections to Koers itself", async ({
	request
}) => {
	const csp = (await request.get('/')).headers()['content-security-policy'] ?? '';
	const directive = (name: string) =>
		csp
			.split(';')
			.map((part) => part.trim())
			.find((part) => part.startsWith(`${name} `)) ?? '';
	expect(directive('script-src')).toMatch(
		/^script-src 'self' 'wasm-unsafe-eval'( 'sha256-[^']+')+$/
	);
	expect(directive('connect-src')).toBe("connect-src 'self'");
	expect(directive('object-src')).toBe("object-src 'none'");
	expect(directive('base-uri')).toBe("base-uri 'self'");
	expect(csp).not.toContain('unsafe-inline');
});

test('over HTTPS (behind a proxy that says so), browsers are told to stay on HTTPS', async ({
	request
}) => {
	for (const path of ['/', '/api/health']) {
		const secure = await request.get(path, { headers: { 'x-forwarded-proto': 'https' } });
		expect(secure.headers()['strict-transport-security'], path).toBe(
			'max-age=63072000; includeSubDomains'
		);
		const plain = await request.get(path, { headers: { 'x-forwarded-proto': 'http' } });
		expect(plain.headers()['strict-transport-security'], path).toBeUndefined();
	}
});
