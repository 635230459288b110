import { expect, test } from '@playwright/test';
import { expectAccessible, onboard } from './helpers';

const databases = (page: import('@playwright/test').Page) =>
	page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));

test('delete everything on this device: only after a second yes, and then Koers starts anew', async ({
	page
}) => {
	await onboard(page, 'Sam');
	await page.getByLabel('Taal').first().selectOption('en');
	await page.getByLabel('Language').first().selectOption('nl');
	await page.goto('/instellingen');
	await expect(page.getByText(/Koers gebruikt nu .* op dit apparaat\./)).toBeVisible();

	await page.getByRole('button', { name: 'Alles wissen van dit apparaat' }).click();
	await expect(page.getByText('Weet je het zeker?', { exact: false })).toBeVisible();
	await expectAccessible(page, 'settings, asking to delete everything');
	await page.getByRole('button', { name: 'Nee, bewaar alles' }).click();
	expect(await databases(page)).toContain('koers');

	await page.getByRole('button', { name: 'Alles wissen van dit apparaat' }).click();
	await page.getByRole('button', { name: 'Ja, wis alles' }).click();
	await expect(page).toHaveURL(/\/welkom$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Koers');
	expect(await databases(page)).not.toContain('koers');
	// Only what the new start wrote itself: no language, nothing explained, nothing typed.
	// (The exit address is asked of the server once the page is shown.)
	await expect
		.poll(() => page.evaluate(() => Object.keys(localStorage).sort()))
		.toEqual(['koers.database', 'koers.quickExitUrl']);
	await expect(page.getByLabel('Hoe wil je genoemd worden?')).toHaveValue('');
});

test('another open tab steps aside, and nothing it still holds makes the database again', async ({
	page,
	context
}) => {
	await onboard(page, 'Sam');
	const other = await context.newPage();
	await other.goto('/mijn-koers/nieuw');
	await other.getByRole('radio', { name: /^Mijn doelen/ }).check();

	await page.goto('/instellingen');
	await page.getByRole('button', { name: 'Alles wissen van dit apparaat' }).click();
	// The other tab has typing that is not written yet (it waits 250 ms) when the erase starts.
	await other.getByLabel('Jouw tekst').fill('Nog niet bewaard');
	await page.getByRole('button', { name: 'Ja, wis alles' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Koers');

	await expect(other.getByRole('button', { name: 'Pagina vernieuwen' })).toBeVisible();
	// What that tab still held is flushed when it hides; the database stays gone.
	await other.close({ runBeforeUnload: true });
	await page.waitForTimeout(500);
	expect(await databases(page)).not.toContain('koers');
});
