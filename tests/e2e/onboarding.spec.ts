import { expect, test } from '@playwright/test';
import { onboard } from './helpers';

test('a newcomer is welcomed, tells their name and role, and is greeted by name after reload', async ({
	page
}) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/welkom$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Koers');
	await expect(page.getByText('Schrijf op wat jij wilt')).toBeVisible();
	await expect(page.getByText('Kijk terug op wat je doet')).toBeVisible();
	await expect(page.getByText('Bespreek het samen')).toBeVisible();

	await page.getByLabel('Hoe wil je genoemd worden?').fill('  Sam   de Vries ');
	await page.getByLabel('Ik ben ouder').check();
	await page.getByRole('button', { name: 'Beginnen' }).click();

	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam de Vries');
	await expect(page.getByText('Je koers opschrijven')).toBeVisible();

	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam de Vries');
	// With a profile, the welcome screen is done.
	await page.goto('/welkom');
	await expect(page).toHaveURL(/\/$/);
});

test('the role sets what Koers offers', async ({ page }) => {
	await onboard(page, 'Noor', 'counsellor');
	await expect(page.getByText('Het viergesprek')).toBeVisible();
	await expect(page.getByText('Je koers opschrijven')).toHaveCount(0);
	// Each card on home leads where its work is done: for a counsellor, to the families.
	for (const title of ['Gesprekken voorbereiden', 'Het viergesprek', 'Afspraken terugvinden'])
		await expect(page.getByRole('link', { name: title })).toHaveAttribute('href', '/gezin');
	await page.getByRole('link', { name: 'Het viergesprek' }).click();
	await expect(page).toHaveURL(/\/gezin$/);
	await page.goBack();

	await page.getByRole('link', { name: 'Instellingen' }).click();
	await page.getByLabel('Ik ben ouder').check();
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await page.getByRole('link', { name: 'Start' }).click();
	await expect(page.getByText('Je koers opschrijven')).toBeVisible();
	await expect(page.getByText('Het viergesprek')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Samen bespreken' })).toHaveAttribute(
		'href',
		'/gezin'
	);
});

test('missing or wrong answers get a clear message and nothing is stored', async ({ page }) => {
	await page.goto('/welkom');
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await expect(page.getByText('Vul een naam in.')).toBeVisible();
	await expect(page.getByText('Kies of je ouder of gezinsvertegenwoordiger bent.')).toBeVisible();
	await expect(page.getByText('Er zijn 2 dingen die je nog moet aanpassen.')).toBeVisible();
	await expect(page.getByLabel('Hoe wil je genoemd worden?')).toBeFocused();

	await page.getByLabel('Hoe wil je genoemd worden?').fill('x'.repeat(61));
	await page.getByLabel('Ik ben ouder').check();
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await expect(page.getByText('Gebruik maximaal 60 tekens.')).toBeVisible();
	await expect(page.getByText('Er is 1 ding dat je nog moet aanpassen.')).toBeVisible();
	await expect(page).toHaveURL(/\/welkom$/);

	await page.goto('/');
	await expect(page).toHaveURL(/\/welkom$/);
});

test('a name with markup is shown as plain text', async ({ page }) => {
	const hostile = '<img src=x onerror="window.hacked=1"><b>Sam</b>';
	await onboard(page, hostile);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hallo ${hostile}`);
	await expect(page.locator('h1 b, h1 img')).toHaveCount(0);
	expect(
		await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)
	).toBeUndefined();
});

test('what is typed on the welcome screen survives a reload before it is sent', async ({
	page
}) => {
	await page.goto('/welkom');
	await page.getByLabel('Hoe wil je genoemd worden?').fill('Ahmed');
	await page.getByLabel('Ik ben gezinsvertegenwoordiger').check();
	await page.waitForTimeout(400);
	await page.reload();
	await expect(page.getByLabel('Hoe wil je genoemd worden?')).toHaveValue('Ahmed');
	await expect(page.getByLabel('Ik ben gezinsvertegenwoordiger')).toBeChecked();
	await expect(page.getByText('Wat je had ingevuld, staat er nog.')).toBeVisible();
});

test('persistent storage is requested once something is stored, not before', async ({ page }) => {
	await page.addInitScript(() => {
		const w = window as unknown as { persistCalls: number };
		w.persistCalls = 0;
		const original = navigator.storage.persist.bind(navigator.storage);
		navigator.storage.persist = () => {
			w.persistCalls++;
			return original();
		};
	});
	await page.goto('/welkom');
	await page.getByLabel('Hoe wil je genoemd worden?').fill('Sam');
	await page.waitForTimeout(400);
	expect(
		await page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls)
	).toBe(0);
	await page.getByLabel('Ik ben ouder').check();
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls))
		.toBe(1);
});

test('settings change the name with autosave', async ({ page }) => {
	await onboard(page, 'Sam');
	await page.getByRole('link', { name: 'Instellingen' }).click();
	const name = page.getByLabel('Naam', { exact: true });
	await expect(name).toHaveValue('Sam');
	await name.fill('');
	await expect(page.getByText('Vul een naam in.')).toBeVisible();
	await name.fill('Samira');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Naam', { exact: true })).toHaveValue('Samira');
	await page.getByRole('link', { name: 'Start' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Samira');
});
