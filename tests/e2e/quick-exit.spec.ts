import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible, onboard, waitForServiceWorker } from './helpers';

/** QUICK_EXIT_URL as playwright.config.ts sets it for the server. */
const EXIT_URL = 'https://weer.example.org/vandaag';
const SECRET = 'Wat ik niemand laat lezen';

/** The operator's site is outside this machine: the test answers for it. */
async function answerExitSite(context: BrowserContext) {
	await context.route('https://weer.example.org/**', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: '<!doctype html><title>Het weer</title><h1>Het weer vandaag</h1>'
		})
	);
}

/** Types into a new statement, without waiting for the autosave. */
async function typeSecret(page: Page) {
	await page.goto('/mijn-koers/nieuw');
	await page.getByLabel('Jouw tekst').fill(SECRET);
}

/** Nothing the person wrote or is called is on screen. */
async function expectNothingShown(page: Page) {
	await expect(page.getByRole('button', { name: 'Koers weer openen' })).toBeVisible();
	await expect(page).toHaveTitle('Nieuw tabblad');
	const text = await page.locator('body').innerText();
	expect(text).not.toContain('Sam');
	expect(text).not.toContain(SECRET);
}

test('Snel weg blanks the screen at once, keeps what was typed, and Back shows nothing', async ({
	page,
	context
}) => {
	await answerExitSite(context);
	await onboard(page, 'Sam');
	await typeSecret(page);

	// In the same task as the press: the screen is blank and the tab's title says nothing.
	const atOnce = await page.evaluate(() => {
		document.querySelector<HTMLButtonElement>('button.exit')!.click();
		return {
			visibility: getComputedStyle(document.querySelector('.app-root')!).visibility,
			title: document.title
		};
	});
	expect(atOnce).toEqual({ visibility: 'hidden', title: 'Nieuw tabblad' });
	await expect(page).toHaveURL(EXIT_URL);
	await expect(page.getByRole('heading', { name: 'Het weer vandaag' })).toBeVisible();

	// The entry with the text was replaced; the one before it (home) shows a blank page.
	await page.goBack();
	await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
	await expectNothingShown(page);

	// Coming back is the person's own choice; what they typed was kept.
	await page.getByRole('button', { name: 'Koers weer openen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await page.goto('/mijn-koers');
	await expect(page.getByText(SECRET)).toBeVisible();
});

test('three presses of Shift leave; typing capitals and pressing Escape never do', async ({
	page,
	context
}) => {
	await answerExitSite(context);
	await onboard(page, 'Sam');
	await page.goto('/mijn-koers/nieuw');
	await page.getByLabel('Jouw tekst').focus();
	for (const key of ['KeyD', 'KeyA', 'KeyA', 'KeyR']) {
		await page.keyboard.down('Shift');
		await page.keyboard.press(key);
		await page.keyboard.up('Shift');
	}
	for (let i = 0; i < 4; i++) await page.keyboard.press('Escape');
	await page.waitForTimeout(300);
	await expect(page).toHaveURL(/\/mijn-koers\//);
	await expect(page.getByLabel('Jouw tekst')).toHaveValue('DAAR');

	for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
	await expect(page).toHaveURL(EXIT_URL);
});

test('offline, Snel weg goes to a neutral page of Koers itself', async ({ page, context }) => {
	await onboard(page, 'Sam');
	await waitForServiceWorker(page);
	await page.goto('/instellingen');
	await context.setOffline(true);
	await page.getByRole('button', { name: /^Snel weg/ }).click();
	await expect(page).toHaveURL(/\/neutraal\.html$/);
	await expect(page).toHaveTitle('Nieuw tabblad');
	expect(await page.locator('body').innerText()).toBe('');
	await page.goBack();
	await expectNothingShown(page);
	await expectAccessible(page, 'blank page after leaving');
});

test('the address comes from the server’s settings, https only, and is known offline', async ({
	page,
	context,
	request
}) => {
	expect(await (await request.get('/settings.json')).json()).toEqual({ quickExitUrl: EXIT_URL });
	await onboard(page, 'Sam');
	await waitForServiceWorker(page);
	await page.reload();
	// The worker keeps the answer the page fetched once it was in control.
	await expect
		.poll(() => page.evaluate(async () => !!(await caches.match('/settings.json'))))
		.toBe(true);
	await context.setOffline(true);
	const offline = await page.evaluate(async () => (await fetch('/settings.json')).json());
	expect(offline).toEqual({ quickExitUrl: EXIT_URL });
});

test('the button stays in view on every screen, with the way to help beside it', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 700 });
	await page.goto('/welkom');
	await expect(page.getByRole('button', { name: /^Snel weg/ })).toBeVisible();
	await onboard(page, 'Sam');
	for (const path of ['/', '/mijn-koers', '/terugkijken', '/gezin', '/instellingen', '/over']) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		const button = page.getByRole('button', { name: /^Snel weg/ });
		await expect(button, path).toBeInViewport();
		await expect(page.getByRole('link', { name: /Veilig Thuis: 0800-2000/ })).toBeInViewport();
	}
	await page.getByRole('link', { name: /Veilig Thuis: 0800-2000/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Veilig Koers gebruiken');
	await expect(page.getByRole('link', { name: '0800-2000', exact: true }).first()).toHaveAttribute(
		'href',
		'tel:08002000'
	);
	await expectAccessible(page, 'safety page');
});

test('before first use, home explains the button once', async ({ page }) => {
	await onboard(page, 'Sam');
	const card = page.getByRole('region', { name: 'Nieuw: de knop Snel weg' });
	await expect(card).toContainText('3 keer op Shift');
	await card.getByRole('button', { name: 'Begrepen' }).click();
	await expect(card).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await expect(card).toHaveCount(0);
});
