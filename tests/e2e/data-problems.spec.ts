import { expect, test, type Page } from '@playwright/test';
import { onboard } from './helpers';

/** Runs IndexedDB code on a page of the app's origin that does not start the app. */
async function onOrigin<T>(page: Page, fn: () => Promise<T>): Promise<T> {
	await page.goto('/robots.txt');
	return page.evaluate(fn);
}

test('a database left by a newer version is reported and left exactly as it was', async ({
	page
}) => {
	await onOrigin(page, () => {
		return new Promise<void>((resolve) => {
			const open = indexedDB.open('koers', 990);
			open.onupgradeneeded = () => {
				const db = open.result;
				db.createObjectStore('meta', { keyPath: 'key' }).put({
					key: 'schema',
					value: { app: 'koers', version: 99 }
				});
				db.createObjectStore('profile', { keyPath: 'id' });
				db.createObjectStore('journal', { keyPath: 'id' }).put({ id: 'j1', text: 'van later' });
			};
			open.onsuccess = () => {
				open.result.close();
				resolve();
			};
		});
	});
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Je gegevens kunnen nu niet worden geopend'
	);
	await expect(page.getByText('nieuwere versie van Koers')).toBeVisible();
	await expect(page.getByText('Er is niets verwijderd.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Pagina vernieuwen' })).toBeVisible();

	const after = await onOrigin(page, () => {
		return new Promise<{ version: number; stores: string[]; text: string }>((resolve) => {
			const open = indexedDB.open('koers');
			open.onsuccess = () => {
				const db = open.result;
				const get = db.transaction('journal').objectStore('journal').get('j1');
				get.onsuccess = () => {
					resolve({ version: db.version, stores: [...db.objectStoreNames], text: get.result.text });
					db.close();
				};
			};
		});
	});
	expect(after).toEqual({
		version: 990,
		stores: ['journal', 'meta', 'profile'],
		text: 'van later'
	});
});

test('a foreign database under our name is reported and not touched', async ({ page }) => {
	await onOrigin(page, () => {
		return new Promise<void>((resolve) => {
			const open = indexedDB.open('koers', 3);
			open.onupgradeneeded = () => open.result.createObjectStore('notes').put('niet van ons', 1);
			open.onsuccess = () => {
				open.result.close();
				resolve();
			};
		});
	});
	await page.goto('/instellingen');
	await expect(page.getByText('gegevens die niet van Koers zijn')).toBeVisible();
	await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
	await expect(page.getByText('gegevens die niet van Koers zijn')).toBeVisible();
	await page.getByLabel('Taal').selectOption('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Your data cannot be opened right now'
	);

	const stores = await onOrigin(page, () => {
		return new Promise<string[]>((resolve) => {
			const open = indexedDB.open('koers');
			open.onsuccess = () => {
				resolve([...open.result.objectStoreNames, String(open.result.version)]);
				open.result.close();
			};
		});
	});
	expect(stores).toEqual(['notes', '3']);
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
	await other.goto('/robots.txt');
	await other.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('koers', 1000);
				open.onupgradeneeded = () => open.result.createObjectStore('later');
				open.onsuccess = () => {
					open.result.close();
					resolve();
				};
				open.onerror = () => reject(open.error);
			})
	);
	await expect(page.getByText('Koers is in een ander venster bijgewerkt.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Pagina vernieuwen' })).toBeVisible();
});
