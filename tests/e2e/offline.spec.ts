import { expect, test } from '@playwright/test';
import { ROUTES, onboard, waitForServiceWorker } from './helpers';

test('after the first visit every route reloads offline, served by the service worker', async ({
	page,
	context
}) => {
	await onboard(page, 'Sam');
	await waitForServiceWorker(page);

	// The worker precaches the whole build, not only what this visit happened to load.
	const cached = await page.evaluate(async () => {
		const names = await caches.keys();
		const cache = await caches.open(names.find((n) => n.startsWith('koers-'))!);
		return (await cache.keys()).map((request) => new URL(request.url).pathname);
	});
	expect(cached).toContain('/');
	expect(cached).toContain('/manifest.webmanifest');
	expect(
		cached.filter((path) => path.startsWith('/_app/immutable/nodes/')).length
	).toBeGreaterThanOrEqual(5);

	await context.setOffline(true);
	const expectations: Record<string, RegExp> = {
		'/': /Hallo Sam/,
		'/welkom': /Hallo Sam/, // done: sent home
		'/instellingen': /Instellingen/,
		'/over': /Over Koers/,
		'/veilig': /Veilig Koers gebruiken/,
		'/bestaat-niet': /Deze pagina bestaat niet/
	};
	for (const route of [...ROUTES, '/bestaat-niet']) {
		await page.goto(route);
		const response = await page.reload();
		expect(response?.fromServiceWorker(), route).toBe(true);
		await expect(page.getByRole('heading', { level: 1 }), route).toHaveText(expectations[route]!);
	}
	await expect(page.getByText('Offline', { exact: true })).toBeVisible();
	// The family screen opens offline too, and says that it cannot reach the others now.
	await page.goto('/gezin');
	expect((await page.reload())?.fromServiceWorker()).toBe(true);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gezin');

	// A file opened directly is that file, not the app shell.
	const manifest = await page.goto('/manifest.webmanifest');
	expect(manifest?.fromServiceWorker()).toBe(true);
	expect(await manifest?.json()).toMatchObject({ short_name: 'Koers' });
});

test('a profile change made offline persists', async ({ page, context }) => {
	await onboard(page, 'Sam');
	await waitForServiceWorker(page);
	await context.setOffline(true);

	await page.goto('/instellingen');
	await page.getByLabel('Naam', { exact: true }).fill('Sam offline');
	await page.getByLabel('Ik ben gezinsvertegenwoordiger').check();
	await expect(page.getByText('Opgeslagen')).toBeVisible();

	await page.reload();
	await expect(page.getByLabel('Naam', { exact: true })).toHaveValue('Sam offline');
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam offline');
	await expect(page.getByText('Het viergesprek')).toBeVisible();

	await context.setOffline(false);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam offline');
});

test('a first visit offline-capable deep link: a fresh tab opens a deep link without network', async ({
	page,
	context
}) => {
	await onboard(page, 'Sam');
	await waitForServiceWorker(page);
	await context.setOffline(true);
	const second = await context.newPage();
	const response = await second.goto('/instellingen');
	expect(response?.fromServiceWorker()).toBe(true);
	await expect(second.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await expect(second.getByLabel('Naam', { exact: true })).toHaveValue('Sam');
});
