import { expect, test } from '@playwright/test';
import { visionInTwoTabs } from './helpers';

test('the same text edited in two tabs: each tab is told, and neither version is lost', async ({
	page,
	context
}) => {
	const { address, other } = await visionInTwoTabs(page, context);
	await expect(other.getByLabel('Jouw tekst')).toHaveValue('Begin.');
	for (const tab of [page, other]) {
		await expect(
			tab.getByText('Deze tekst is ook open in een ander tabblad.', { exact: false })
		).toBeVisible();
	}

	await page.getByLabel('Jouw tekst').fill('Versie uit het eerste tabblad');
	await expect(page.getByText('✓ Opgeslagen')).toBeVisible();
	await other.getByLabel('Jouw tekst').fill('Versie uit het tweede tabblad');
	await expect(other.getByText('✓ Opgeslagen')).toBeVisible();
	await expect(
		other.getByText('Deze tekst was intussen in een ander tabblad veranderd.', { exact: false })
	).toBeVisible();

	// The first tab types on: the second tab's words go to the history in turn.
	await page.getByLabel('Jouw tekst').fill('Versie uit het eerste tabblad, verder');
	await expect(
		page.getByText('Deze tekst was intussen in een ander tabblad veranderd.', { exact: false })
	).toBeVisible();
	await page.getByRole('link', { name: 'Eerdere versies' }).click();
	await expect(page.locator('li.current')).toContainText('Versie uit het eerste tabblad, verder');
	await expect(page.locator('li.card', { hasText: 'Versie uit het tweede tabblad' })).toBeVisible();
	await expect(
		page.locator('li.card', { hasText: /^(?!.*verder).*Versie uit het eerste tabblad/ })
	).toBeVisible();

	// Closed elsewhere: the note goes.
	await page.goto(address);
	await other.close();
	await expect(
		page.getByText('Deze tekst is ook open in een ander tabblad.', { exact: false })
	).toHaveCount(0);
});
