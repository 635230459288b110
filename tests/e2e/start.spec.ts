import { expect, test, type Page } from '@playwright/test';
import { onboard } from './helpers';

/** Every script the page fetched so far, as text: what a visit loaded. */
function collectScripts(page: Page): () => Promise<string> {
	const bodies: Promise<string>[] = [];
	page.on('response', (response) => {
		// A body still arriving when the test ends is not part of what was checked.
		if (response.request().resourceType() === 'script') {
			bodies.push(response.text().catch(() => ''));
		}
	});
	return async () => (await Promise.all(bodies)).join('\n');
}

/** The text of a draft as IndexedDB holds it, read without the app. */
const storedDraft = (page: Page, id: string) =>
	page.evaluate(
		(id) =>
			new Promise<string | undefined>((done) => {
				const open = indexedDB.open('koers');
				open.onsuccess = () => {
					const read = open.result.transaction('drafts').objectStore('drafts').get(id);
					read.onsuccess = () => {
						open.result.close();
						done(read.result?.payload?.text);
					};
				};
			}),
		id
	);

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

test('a counsellor’s family list opens without Dexie; a name being typed comes back, and a family is made from it', async ({
	page,
	context
}) => {
	await onboard(page, 'Karin', 'counsellor');
	await page.goto('/gezin');
	await page.getByLabel('Naam van het gezin').fill('Gezin de Vries');
	await expect.poll(() => storedDraft(page, 'family:name')).toBe('Gezin de Vries');

	const list = await context.newPage();
	const scripts = collectScripts(list);
	await list.goto('/gezin');
	await expect(list.getByRole('heading', { level: 1 })).toHaveText('Gezin');
	await expect(list.getByLabel('Naam van het gezin')).toHaveValue('Gezin de Vries');
	await expect(list.getByText('Je hoort nog bij geen gezin.', { exact: false })).toBeVisible();
	expect(await scripts()).not.toContain('Dexie');

	await list.getByRole('button', { name: 'Gezin maken' }).click();
	await expect(list).toHaveURL(/\/gezin\/[^/]+$/);
	await list.goto('/gezin');
	await expect(list.getByRole('link', { name: 'Gezin de Vries' })).toBeVisible();
	await expect(list.getByLabel('Naam van het gezin')).toHaveValue('');
});
