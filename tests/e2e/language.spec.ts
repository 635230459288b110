import { expect, test } from '@playwright/test';
import { expectAccessible, onboard } from './helpers';

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

test('the app lock speaks English too: its settings and the lock screen', async ({ page }) => {
	await onboard(page, 'Sam');
	await page.getByLabel('Taal').selectOption('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Sam');
	await page.goto('/instellingen');
	await expect(page.getByRole('heading', { name: 'App lock' })).toBeVisible();
	await page.getByRole('button', { name: 'Turn on the lock' }).click();
	await page.getByLabel('New code').fill('green bike in the grass');
	await page.getByLabel('Type the code once more').fill('green bike in the grass');
	await page.getByRole('button', { name: 'Turn on the lock' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is locked');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByText('Enter your code to go on.')).toBeVisible();
	await expectAccessible(page, 'the lock screen in English');
	await page.getByLabel('Your passphrase').fill('green bike in the grass');
	await page.getByRole('button', { name: 'Open' }).click();
	await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
	await expectAccessible(page, 'the lock settings in English');
});
