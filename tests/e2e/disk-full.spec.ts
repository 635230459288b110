import { expect, test, type Page } from '@playwright/test';
import { onboard, write } from './helpers';

async function setUp(page: Page) {
	await onboard(page, 'Sam');
	await write(page, { label: 'Mijn visie', theme: 'Zorg en contact', text: 'Eerste zin.' });
}

/**
 * A device whose disk fills up while Koers is in use. Chromium fixes an origin's quota when
 * its storage is first used, so a small quota (2 MB) is set first (CDP); after `setUp`,
 * another database of the same origin takes what is left, down to the last kilobyte.
 */
async function deviceThatFillsUp(page: Page) {
	await page.goto('/robots.txt');
	const origin = new URL(page.url()).origin;
	const session = await page.context().newCDPSession(page);
	await session.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 2_000_000 });
	await setUp(page);
	const filled = await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('ballast');
			open.onupgradeneeded = () => open.result.createObjectStore('b', { autoIncrement: true });
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const put = (size: number) =>
			new Promise<boolean>((resolve) => {
				const tx = db.transaction('b', 'readwrite');
				tx.objectStore('b').add(new Uint8Array(size).fill(7));
				tx.oncomplete = () => resolve(true);
				tx.onabort = tx.onerror = () => resolve(false);
			});
		let total = 0;
		for (const size of [262_144, 65_536, 16_384, 4_096, 1_024]) {
			while (await put(size)) total += size;
		}
		db.close();
		return total;
	});
	expect(filled).toBeGreaterThan(0);
	return () => session.send('Storage.overrideQuotaForOrigin', { origin });
}

const LONG = `${'Wij willen dat de kinderen rust hebben en weten waar ze aan toe zijn. '.repeat(70)}Rust.`;

test('with the disk full, what was typed stays, survives a reload, and is written once there is room', async ({
	page
}) => {
	const room = await deviceThatFillsUp(page);

	await page.getByLabel('Jouw tekst').fill(LONG);
	await expect(page.getByRole('heading', { name: 'Je apparaat is vol' })).toBeVisible();
	await expect(page.getByText('Opslaan lukte niet', { exact: false })).toBeVisible();
	expect(LONG.length).toBeGreaterThanOrEqual(4903);

	await page.reload();
	await expect(page.getByLabel('Jouw tekst')).toHaveValue(LONG);
	await expect(
		page.getByText('Je tekst is bewaard op dit apparaat', { exact: false })
	).toBeVisible();

	await room();
	await page.getByLabel('Jouw tekst').fill(`${LONG} Nu is er weer plek.`);
	await expect(page.getByText('✓ Opgeslagen')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Je apparaat is vol' })).toHaveCount(0);
	await page.goto('/mijn-koers');
	await expect(page.getByText('Nu is er weer plek.', { exact: false })).toBeVisible();
	expect(
		await page.evaluate(() =>
			Object.keys(localStorage).filter((key) => key.startsWith('koers.unsaved.'))
		)
	).toEqual([]);
});
