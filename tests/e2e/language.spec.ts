import { expect, test } from '@playwright/test';
import { onboard } from './helpers';

test('the interface switches between Nederlands and English, and remembers the choice', async ({
	page
}) => {
	await page.goto('/welkom');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

	await page.getByLabel('Taal').selectOption('en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Koers');
	await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
	await expect(page).toHaveTitle('Welcome to Koers · Koers');

	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Koers');
	await expect(page.getByLabel('Language')).toHaveValue('en');

	await page.getByLabel('What would you like to be called?').fill('Sam');
	await page.getByLabel('I am a parent').check();
	await page.getByRole('button', { name: 'Start' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Sam');

	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('combobox', { name: 'Language' }).last().selectOption('nl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
});

test('what a person wrote is not translated', async ({ page }) => {
	await onboard(page, 'Mijn naam');
	await page.getByLabel('Taal').selectOption('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Mijn naam');
});
