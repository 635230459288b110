import { expect, test } from '@playwright/test';
import { onboard, waitForServiceWorker } from './helpers';

/** QUICK_EXIT_URL as playwright.config.ts sets it: the one address outside Koers it may open. */
const QUICK_EXIT_URL = 'https://weer.example.org/vandaag';

test('using the app makes no request to any other origin and breaks no security policy', async ({
	page,
	context,
	baseURL
}) => {
	const origin = new URL(baseURL!).origin;
	const requests: string[] = [];
	context.on('request', (request) => requests.push(request.url()));
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});

	await onboard(page, 'Sam');
	await waitForServiceWorker(page);
	await page.getByRole('link', { name: 'Instellingen' }).click();
	await page.getByLabel('Naam', { exact: true }).fill('Sam B');
	await page.getByLabel('Taal').first().selectOption('en');
	await page.getByRole('link', { name: 'About Koers' }).click();
	await page.getByRole('link', { name: 'Home' }).click();
	await context.setOffline(true);
	await page.reload();
	await context.setOffline(false);
	await page.goto('/nergens');
	// The one documented exception: "Snel weg" opens the address whoever runs Koers set.
	await context.route(`${QUICK_EXIT_URL}*`, (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Het weer</title>' })
	);
	// (The language is English by now.)
	await page.getByRole('button', { name: /^Exit this page/ }).click();
	await expect(page).toHaveURL(QUICK_EXIT_URL);

	expect(requests.length).toBeGreaterThan(10);
	const foreign = requests.filter(
		(url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:')
	);
	expect(foreign).toEqual([QUICK_EXIT_URL]);
	expect(violations).toEqual([]);
});

test('pages carry a strict Content-Security-Policy with script hashes and no unsafe-inline script', async ({
	request
}) => {
	for (const path of ['/', '/welkom', '/instellingen', '/over']) {
		const response = await request.get(path);
		const policy = response.headers()['content-security-policy'];
		expect(policy, path).toBeTruthy();
		const directives = Object.fromEntries(
			policy!.split(';').map((d) => {
				const [name, ...values] = d.trim().split(/\s+/);
				return [name, values];
			})
		);
		expect(directives['default-src']).toEqual(["'self'"]);
		expect(directives['connect-src']).toEqual(["'self'"]);
		expect(directives['script-src']).toContain("'self'");
		expect(directives['script-src'].some((v: string) => v.startsWith("'sha256-"))).toBe(true);
		expect(directives['script-src']).not.toContain("'unsafe-inline'");
		expect(directives['script-src']).not.toContain("'unsafe-eval'");
		expect(directives['frame-ancestors']).toEqual(["'none'"]);
		expect(directives['object-src']).toEqual(["'none'"]);
		expect(response.headers()['x-content-type-options']).toBe('nosniff');
		expect(response.headers()['referrer-policy']).toBe('no-referrer');
	}
	const asset = await request.get('/manifest.webmanifest');
	expect(asset.headers()['content-security-policy']).toContain("default-src 'self'");
});

test('the policy really blocks other origins and injected scripts', async ({ page }) => {
	await page.goto('/over');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Over Koers');
	const blocked = await page.evaluate(async () => {
		const seen: string[] = [];
		document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
		const fetched = await fetch('https://example.org/').then(
			() => 'fetched',
			() => 'refused'
		);
		const script = document.createElement('script');
		script.textContent = 'window.injected = true';
		document.body.append(script);
		await new Promise((r) => setTimeout(r, 100));
		return { fetched, seen, injected: (window as unknown as { injected?: boolean }).injected };
	});
	expect(blocked.fetched).toBe('refused');
	expect(blocked.injected).toBeUndefined();
	expect(blocked.seen).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem']));
});
