import { expect, test } from '@playwright/test';
import { onboard, readRawDatabase, writeRawDatabase } from './helpers';

test('a database left by a newer version is reported and left exactly as it was', async ({
	page
}) => {
	await writeRawDatabase(page, 'koers', 990, {
		meta: {
			keyPath: 'key',
			records: [{ value: { key: 'schema', value: { app: 'koers', version: 99 } } }]
		},
		profile: { keyPath: 'id' },
		journal: { keyPath: 'id', records: [{ value: { id: 'j1', text: 'van later' } }] }
	});
	const before = await readRawDatabase(page, 'koers');
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Je gegevens kunnen nu niet worden geopend'
	);
	await expect(page.getByText('nieuwere versie van Koers')).toBeVisible();
	await expect(page.getByText('Er is niets verwijderd.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Pagina vernieuwen' })).toBeVisible();

	const after = await readRawDatabase(page, 'koers');
	expect(after).toEqual(before);
	expect(after.version).toBe(990);
	expect(after.stores.journal).toEqual([{ id: 'j1', text: 'van later' }]);
});

test('a foreign database under our name is reported and not touched', async ({ page }) => {
	await writeRawDatabase(page, 'koers', 3, {
		notes: { records: [{ key: 1, value: 'niet van ons' }] }
	});
	await page.goto('/instellingen');
	await expect(page.getByText('gegevens die niet van Koers zijn')).toBeVisible();
	await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
	await expect(page.getByText('gegevens die niet van Koers zijn')).toBeVisible();
	await page.getByLabel('Taal').selectOption('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Your data cannot be opened right now'
	);

	expect(await readRawDatabase(page, 'koers')).toEqual({
		version: 3,
		stores: { notes: ['niet van ons'] }
	});
});

test('an unreadable profile is reported, and filling it in again is the person’s own choice', async ({
	page
}) => {
	await onboard(page, 'Sam');
	await page.evaluate(() => {
		return new Promise<void>((resolve) => {
			const open = indexedDB.open('koers');
			open.onsuccess = () => {
				const tx = open.result.transaction('profile', 'readwrite');
				tx.objectStore('profile').put({ id: 'me', role: 'rechter', payload: { name: '' } });
				tx.oncomplete = () => {
					open.result.close();
					resolve();
				};
			};
		});
	});
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Je profiel kan niet worden gelezen'
	);
	await expect(page.getByText('Er is niets verwijderd.')).toBeVisible();
	await page.getByRole('link', { name: 'Profiel opnieuw invullen' }).click();
	await page.getByLabel('Hoe wil je genoemd worden?').fill('Sam');
	await page.getByLabel('Ik ben ouder').check();
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
});

test('when another tab opens a newer database, this tab steps aside with a clear message', async ({
	page,
	context
}) => {
	await onboard(page, 'Sam');
	const other = await context.newPage();
	await writeRawDatabase(other, 'koers-other', 1, {});
	await other.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const open = indexedDB.open('koers', 1000);
				open.onsuccess = () => {
					open.result.close();
					resolve();
				};
			})
	);
	await expect(page.getByText('Koers is in een ander venster bijgewerkt.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Pagina vernieuwen' })).toBeVisible();
});
