import { expect, test, type Page } from '@playwright/test';
import { onboard } from './helpers';

/** Every script the page fetched so far, as text: what a visit loaded. */
function collectScripts(page: Page): () => Promise<string> {
	const bodies: Promise<string>[] = [];
	page.on('response', (response) => {
		if (response.request().resourceType() === 'script') bodies.push(response.text());
	});
	return async () => (await Promise.all(bodies)).join('\n');
}

const hasDatabase = (page: Page) =>
	page.evaluate(async () => (await indexedDB.databases()).some((db) => db.name === 'koers'));

test('a newcomer goes straight to the welcome: no database and no Dexie until there is something to keep', async ({
	page
}) => {
	const scripts = collectScripts(page);
	await page.goto('/mijn-koers');
	await expect(page).toHaveURL(/\/welkom$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Koers');
	expect(await hasDatabase(page)).toBe(false);
	// Dexie names itself in its code; the Dutch screen fetched no English texts.
	expect(await scripts()).not.toContain('Dexie');
	expect(await scripts()).not.toContain('Welcome to Koers');

	await page.getByLabel('Hoe wil je genoemd worden?').fill('Sam');
	await expect.poll(() => hasDatabase(page)).toBe(true);
	await page.reload();
	await expect(page.getByLabel('Hoe wil je genoemd worden?')).toHaveValue('Sam');
});

test('a returning parent’s home opens without Dexie, and is live once another screen opened it', async ({
	page,
	context
}) => {
	await onboard(page, 'Sam');
	const home = await context.newPage();
	const scripts = collectScripts(home);
	const problems: string[] = [];
	home.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
	await home.goto('/');
	await expect(home.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await expect(home.getByRole('link', { name: 'Mijn koers' }).first()).toBeVisible();
	expect(await scripts()).not.toContain('Dexie');

	// After another screen opened the database, the home screen follows changes made elsewhere.
	await home.goto('/terugkijken');
	await home.getByRole('link', { name: 'Start', exact: true }).click();
	await expect(home.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await page.goto('/instellingen');
	await page.getByLabel('Naam', { exact: true }).fill('Sam B');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await expect(home.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam B');
	expect(problems).toEqual([]);
});

test('a device that was new remembers it, and is not taken for new once it has a database', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Koers');
	expect(await page.evaluate(() => localStorage.getItem('koers.database'))).toBe('0');

	await onboard(page, 'Sam');
	expect(await page.evaluate(() => localStorage.getItem('koers.database'))).toBe('1');
	// A mark out of date (storage restored in part, say): the welcome checks with the browser.
	await page.evaluate(() => localStorage.setItem('koers.database', '0'));
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await expect(page).toHaveURL(/\/$/);
	expect(await page.evaluate(() => localStorage.getItem('koers.database'))).toBe('1');
});
