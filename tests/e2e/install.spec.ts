import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';

function pngSize(buffer: Buffer) {
	return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

test('the web manifest describes an installable Dutch app with the right icons', async ({
	request
}) => {
	const response = await request.get('/manifest.webmanifest');
	expect(response.ok()).toBe(true);
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: 'Koers',
		short_name: 'Koers',
		lang: 'nl',
		display: 'standalone',
		start_url: '/',
		scope: '/',
		theme_color: '#1d5c57'
	});
	expect(manifest.description).toMatch(/kinderen/);
	const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
	for (const wanted of ['192x192 any', '512x512 any', '512x512 maskable']) {
		const [sizes, purpose] = wanted.split(' ');
		const icon = icons.find((i) => i.sizes === sizes && i.purpose === purpose);
		expect(icon, wanted).toBeDefined();
		const image = await request.get(icon!.src);
		expect(image.headers()['content-type']).toBe('image/png');
		const size = pngSize(await image.body());
		expect(`${size.width}x${size.height}`).toBe(sizes);
	}
});

test('Chromium finds nothing that stops installing Koers', async ({ page }) => {
	await page.goto('/welkom');
	await waitForServiceWorker(page);
	const cdp = await page.context().newCDPSession(page);
	const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
		installabilityErrors: { errorId: string }[];
	};
	// Test contexts are incognito-like; that is not a property of the app.
	expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual(
		[]
	);
	const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[] };
	expect(manifest.errors).toEqual([]);
});

test('the server answers operators on /api/health, never from the service worker cache', async ({
	request
}) => {
	const response = await request.get('/api/health');
	expect(response.status()).toBe(200);
	expect(await response.json()).toMatchObject({
		status: 'ok',
		version: expect.any(String),
		storage: 'embedded'
	});
	expect(response.headers()['cache-control']).toBe('no-store');
});
