import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { createFamily, makeInvite, person } from './family-helpers';
import { onboard, waitForServiceWorker, write, writeRawDatabase } from './helpers';

const WIDTHS = [
	{ name: 'phone', width: 390, height: 844 },
	{ name: 'laptop', width: 1280, height: 800 }
];

mkdirSync('screenshots', { recursive: true });

// Each screen is checked at two widths with axe: more than the default time on a busy machine.
test.describe.configure({ timeout: 90_000 });

async function checkScreen(page: Page, name: string) {
	for (const size of WIDTHS) {
		await page.setViewportSize({ width: size.width, height: size.height });
		await page.screenshot({ path: `screenshots/${name}-${size.name}.png`, fullPage: true });
		const result = await new AxeBuilder({ page }).analyze();
		expect(
			result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
			`${name} at ${size.width}px`
		).toEqual([]);
		// Nothing may stick out sideways on a phone.
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow, `${name} at ${size.width}px scrolls sideways`).toBeLessThanOrEqual(0);
		// No text may spill out of its box either (long Dutch compounds on a phone).
		const spilled = await page.evaluate(() =>
			[...document.querySelectorAll('main *')]
				.filter((el) => el.children.length === 0 && el.textContent?.trim())
				.filter((el) => {
					const box = el.getBoundingClientRect();
					const parent = el.parentElement!.getBoundingClientRect();
					return box.width > 0 && box.right > parent.right + 1;
				})
				.map((el) => el.textContent!.trim().slice(0, 40))
		);
		expect(spilled, `${name} at ${size.width}px: text outside its box`).toEqual([]);
	}
}

test('welcome screen, empty and with problems', async ({ page }) => {
	await page.goto('/welkom');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await checkScreen(page, 'welcome');
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await expect(page.getByText('Vul een naam in.')).toBeVisible();
	await checkScreen(page, 'welcome-errors');
});

test('home for a parent and for a counsellor, in both languages', async ({ page }) => {
	await onboard(page, 'Sam', 'parent');
	await checkScreen(page, 'home-parent');
	await page.getByLabel('Taal').selectOption('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Sam');
	await checkScreen(page, 'home-parent-en');
});

test('home for a counsellor', async ({ page }) => {
	await onboard(page, 'Noor', 'counsellor');
	await checkScreen(page, 'home-counsellor');
});

test('settings, about and not found', async ({ page }) => {
	await onboard(page);
	await page.goto('/instellingen');
	await expect(page.getByText('Jouw profiel')).toBeVisible();
	await page.getByLabel('Naam', { exact: true }).fill('Sam B');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await checkScreen(page, 'settings');
	await page.goto('/over');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Over Koers');
	await checkScreen(page, 'about');
	await page.goto('/nergens');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deze pagina bestaat niet');
	await checkScreen(page, 'not-found');
});

test('offline header and the data problem screen', async ({ page, context }) => {
	await onboard(page);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByText('Offline', { exact: true })).toBeVisible();
	await checkScreen(page, 'home-offline');
	await context.setOffline(false);

	await writeRawDatabase(page, 'koers', 3, { notes: {} });
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Je gegevens kunnen nu niet worden geopend'
	);
	await checkScreen(page, 'data-problem');
});

test('every screen can be used by keyboard alone', async ({ page }) => {
	await page.goto('/welkom');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	// The first Tab reaches the skip link, which leads to the content.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Naar de inhoud' })).toBeFocused();
	await page.keyboard.press('Enter');
	await page.getByLabel('Hoe wil je genoemd worden?').focus();
	await page.keyboard.type('Sam');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Space');
	await expect(page.getByLabel('Ik ben ouder')).toBeChecked();
	// Tab on to the button and press it.
	const start = page.getByRole('button', { name: 'Beginnen' });
	for (let i = 0; i < 5 && !(await start.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
	}
	await expect(page.getByRole('button', { name: 'Beginnen' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');

	// Reach settings through the menu by keyboard.
	await page.getByRole('link', { name: 'Instellingen' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await page.getByLabel('Ik ben gezinsvertegenwoordiger').focus();
	await page.keyboard.press('Space');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
});

test('family screens: list, invite, join, safety code, members and shared items', async ({
	page,
	browser
}) => {
	test.slow();
	await onboard(page, 'Fatima', 'counsellor');
	await page.goto('/gezin');
	await checkScreen(page, 'family-empty');
	const family = await createFamily(page, 'Gezin Jansen');
	const link = await makeInvite(page, 'Een ouder');
	await checkScreen(page, 'family-invite');
	const anna = await person(browser, 'Anna', 'parent');
	await anna.page.goto(link);
	await checkScreen(anna.page, 'family-join');
	await anna.page.getByRole('button', { name: 'Deelnemen' }).click();
	await expect(anna.page.getByTestId('safety-code')).toBeVisible();
	await checkScreen(anna.page, 'family-join-code');
	await expect(page.getByTestId('safety-code')).toHaveText(/\d/, { timeout: 15_000 });
	await checkScreen(page, 'family-compare');
	await page.getByRole('button', { name: 'De codes zijn gelijk: toelaten' }).click();
	await expect(anna.page.getByText('Je hoort nu bij Gezin Jansen.')).toBeVisible({
		timeout: 15_000
	});
	await write(
		anna.page,
		{ label: 'Mijn visie op ouderschap', theme: 'Zorg en contact', text: 'Rust in beide huizen' },
		{ visibility: 'Voor het gesprek' }
	);
	await page.goto(family);
	await expect(page.getByText('Rust in beide huizen')).toBeVisible({ timeout: 15_000 });
	await checkScreen(page, 'family-shared');
	await page.goto('/gezin');
	await checkScreen(page, 'family-list');
	await anna.page.goto(family);
	await checkScreen(anna.page, 'family-parent');
	await anna.context.close();
});
