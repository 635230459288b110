import { expect, test } from '@playwright/test';
import { onboard } from './helpers';

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
	await page.getByRole('button', { name: 'Nee, bewaar alles' }).click();
	expect(await databases(page)).toContain('koers');

	await page.getByRole('button', { name: 'Alles wissen van dit apparaat' }).click();
	await page.getByRole('button', { name: 'Ja, wis alles' }).click();
	await expect(page).toHaveURL(/\/welkom$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Koers');
	expect(await databases(page)).not.toContain('koers');
	// Only what the new start wrote itself: no language, nothing explained, nothing typed.
	const keys = await page.evaluate(() => Object.keys(localStorage).sort());
	expect(keys).toEqual(['koers.database', 'koers.quickExitUrl']);
	await expect(page.getByLabel('Hoe wil je genoemd worden?')).toHaveValue('');
});
