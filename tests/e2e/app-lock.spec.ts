import { expect, test, type Page } from '@playwright/test';
import {
	addChildren,
	expectAccessible,
	onboard,
	PASSPHRASE,
	readRawDatabase,
	turnOnLock,
	unlock,
	visionInTwoTabs,
	waitForServiceWorker,
	write
} from './helpers';
import { createFamily, makeInvite, person, inviteIn } from './family-helpers';

const MARKER = 'MARKER9Q7Z';
/** Everything this origin keeps: every IndexedDB store, web storage and the Cache Storage. */
async function everythingStored(page: Page): Promise<string> {
	await page.goto('/robots.txt');
	return page.evaluate(async () => {
		const parts: string[] = [JSON.stringify(localStorage), JSON.stringify(sessionStorage)];
		const text = (value: unknown) =>
			JSON.stringify(value, (_key, item) =>
				item instanceof Uint8Array ? String.fromCharCode(...item) : item
			);
		for (const { name } of await indexedDB.databases()) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(name!);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			for (const store of db.objectStoreNames) {
				const all = await new Promise((resolve) => {
					const request = db.transaction(store).objectStore(store).getAll();
					request.onsuccess = () => resolve(request.result);
				});
				parts.push(`${name}/${store}: ${text(all)}`);
			}
			db.close();
		}
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				parts.push(await (await cache.match(request))!.text());
			}
		}
		return parts.join('\n');
	});
}

test('with the lock on, nothing a person wrote is readable at rest, and the code opens it all again', async ({
	page
}) => {
	await onboard(page, `Sam ${MARKER}`);
	await addChildren(page, [[`Noor${MARKER}`, '2016']]);
	await write(page, {
		label: 'Mijn visie',
		theme: 'Zorg en contact',
		text: `Rust en ${MARKER} visie`
	});
	await page.goto('/mijn-koers/nieuw');
	await page.getByRole('radio', { name: /^Mijn doelen/ }).check();
	await page.getByLabel('Jouw tekst').fill(`Nog niet af ${MARKER}`);
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	expect(await everythingStored(page)).toContain(MARKER);

	await turnOnLock(page);
	await expectAccessible(page, 'the lock screen');
	const stored = await everythingStored(page);
	expect(stored).not.toContain(MARKER);
	expect(stored).toContain('koers/statements');

	await page.goto('/mijn-koers');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await expect(page.getByText(MARKER)).toHaveCount(0);
	await unlock(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn koers');
	await expect(page.getByText(`Rust en ${MARKER} visie`)).toBeVisible();
	await page.goto('/');
	await unlock(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hallo Sam ${MARKER}`);
	await page.goto('/mijn-koers/kinderen');
	await unlock(page);
	await expect(page.getByText(`Noor${MARKER}`)).toBeVisible();
});

test('wrong codes wait longer each time, also after a reload, and never erase anything', async ({
	page
}) => {
	await page.clock.install();
	await onboard(page, 'Sam');
	await turnOnLock(page, '246810', 'pin');
	const code = page.getByLabel('Je pincode');
	for (let i = 0; i < 2; i++) {
		await code.fill('111111');
		await page.getByRole('button', { name: 'Openen' }).click();
		await expect(page.getByText('Deze code klopt niet. Probeer het nog eens.')).toBeVisible();
	}
	await code.fill('111111');
	await page.getByRole('button', { name: 'Openen' }).click();
	// On a busy machine a second may pass before the screen is read.
	await expect(page.getByRole('status')).toContainText(
		/Wacht nog 1[0-5] seconden\. Er wordt niets gewist\./
	);
	await expect(page.getByRole('button', { name: 'Openen' })).toBeDisabled();

	await page.reload();
	await expect(page.getByRole('status')).toContainText(/Wacht nog 1[0-5] seconden/);
	await expect(page.getByRole('button', { name: 'Openen' })).toBeDisabled();
	await page.clock.fastForward('00:16');
	await expect(page.getByRole('button', { name: 'Openen' })).toBeEnabled();
	await code.fill('111111');
	await page.getByRole('button', { name: 'Openen' }).click();
	await expect(page.getByRole('status')).toContainText('Wacht nog 30 seconden');

	await page.clock.fastForward('00:31');
	await unlock(page, '246810');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await expect(page.getByText('Aan sinds', { exact: false })).toBeVisible();
});

test('Koers locks after the idle time, in the background, with Snel weg, and every tab at once; nothing typed is lost', async ({
	page,
	context
}) => {
	await page.clock.install();
	await onboard(page, 'Sam');
	await turnOnLock(page);
	await unlock(page);
	await page.getByLabel('Op slot na').selectOption({ label: '1 minuut niets doen' });
	await expect(page.getByText('Bewaard.')).toBeVisible();

	const other = await context.newPage();
	await other.clock.install();
	await other.goto('/mijn-koers/nieuw');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await unlock(other);
	await other.getByRole('radio', { name: /^Mijn doelen/ }).check();
	await other.getByLabel('Jouw tekst').fill('Net getypt, nog niet bewaard');

	// The idle time runs out in this tab; the other tab locks with it, and keeps its typing.
	await page.clock.fastForward('01:01');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await unlock(other);
	await expect(other.getByLabel('Jouw tekst')).toHaveValue('Net getypt, nog niet bewaard');
	await other.close();

	// Going to another app locks at once.
	await unlock(page);
	await page.evaluate(() => {
		Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
		document.dispatchEvent(new Event('visibilitychange'));
	});
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');

	// Snel weg leaves, and coming back asks for the code.
	await unlock(page);
	await page.route('https://weer.example.org/**', (route) =>
		route.fulfill({ contentType: 'text/html', body: '<h1>Het weer</h1>' })
	);
	await page.getByRole('button', { name: /^Snel weg/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Het weer');
	await page.goBack();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
});

test('a new code opens what the old one did; turned off, everything is written open again', async ({
	page
}) => {
	await onboard(page, 'Sam');
	await write(page, { label: 'Mijn visie', theme: 'Zorg en contact', text: `Samen ${MARKER}` });
	await turnOnLock(page);
	await unlock(page);
	await page.goto('/instellingen');
	await unlock(page);

	await page.getByRole('button', { name: 'Code wijzigen' }).click();
	await page.getByLabel('Je huidige code').fill('niet mijn code');
	await page.getByRole('radio', { name: /^Een pincode/ }).check();
	await page.getByLabel('Nieuwe code').fill('13579');
	await page.getByLabel('Typ de code nog een keer').fill('13579');
	await page.getByRole('button', { name: 'Nieuwe code bewaren' }).click();
	await expect(page.getByText('Een pincode heeft minstens 6 cijfers.')).toBeVisible();
	await page.getByLabel('Nieuwe code').fill('135790');
	await page.getByLabel('Typ de code nog een keer').fill('135790');
	await page.getByRole('button', { name: 'Nieuwe code bewaren' }).click();
	await expect(page.getByText('Je huidige code klopt niet.')).toBeVisible();
	await page.getByLabel('Je huidige code').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Nieuwe code bewaren' }).click();
	await expect(page.getByText('Je nieuwe code is bewaard.')).toBeVisible();
	await expectAccessible(page, 'settings with the lock on');

	await page.getByRole('button', { name: 'Nu op slot' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await page.getByLabel('Je pincode').fill(PASSPHRASE.slice(0, 6));
	await page.getByRole('button', { name: 'Openen' }).click();
	await expect(page.getByText('Deze code klopt niet.', { exact: false })).toBeVisible();
	await unlock(page, '135790');

	await page.getByRole('button', { name: 'Slot uitzetten' }).click();
	await page.getByLabel('Je huidige code').fill('135790');
	await page.getByRole('button', { name: 'Ja, slot uitzetten' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await expect(page.getByRole('button', { name: 'Slot aanzetten' })).toBeVisible();
	await page.goto('/mijn-koers');
	await expect(page.getByText(`Samen ${MARKER}`)).toBeVisible();
	expect(await everythingStored(page)).toContain(`Samen ${MARKER}`);
});

test('offline, Koers still opens locked and the code still opens it', async ({ page, context }) => {
	await onboard(page, 'Sam');
	await waitForServiceWorker(page);
	await turnOnLock(page);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await unlock(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await page.getByRole('button', { name: 'Nu op slot' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await context.setOffline(false);
});

test('another tab that is typing when the lock goes on saves first, and comes back locked with its text', async ({
	page,
	context
}) => {
	const { other } = await visionInTwoTabs(page, context);
	await page.goto('/instellingen');
	await page.getByRole('button', { name: 'Slot aanzetten' }).click();
	await page.getByLabel('Nieuwe code').fill(PASSPHRASE);
	await page.getByLabel('Typ de code nog een keer').fill(PASSPHRASE);
	// Typed just now in the other tab: not written yet when the rebuild starts.
	await other.getByLabel('Jouw tekst').fill('Begin. Net getypt in het andere tabblad');
	await page.getByRole('button', { name: 'Slot aanzetten' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
	await unlock(other);
	await expect(other.getByLabel('Jouw tekst')).toHaveValue(
		'Begin. Net getypt in het andere tabblad'
	);
	expect(await everythingStored(other)).not.toContain('Net getypt');
});

test('in a family, the lock gives the device new keys: the family takes them and what she shares still arrives', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const anna = await person(browser, 'Anna', 'parent');
	const family = await createFamily(fatima.page, 'Gezin Jansen');
	await inviteIn(fatima.page, anna.page, 'Een ouder', 'Gezin Jansen');
	const forTalk = { label: 'Mijn doelen', theme: 'School, opvoeding en keuzes' };
	await write(anna.page, { ...forTalk, text: 'Voor het slot' }, { visibility: 'Voor het gesprek' });
	await fatima.page.goto(family);
	const shared = fatima.page.locator('section', { hasText: 'Wat anderen deelden' });
	await expect(shared).toContainText('Voor het slot', { timeout: 15_000 });

	await turnOnLock(anna.page);
	await anna.page.goto('/mijn-koers/nieuw');
	await unlock(anna.page);
	await anna.page.getByRole('radio', { name: /^Mijn doelen/ }).check();
	await anna.page.getByRole('radio', { name: /^Voor het gesprek/ }).check();
	await anna.page.getByLabel('Jouw tekst').fill('Na het slot');
	await expect(anna.page.getByText('Opgeslagen')).toBeVisible();
	await fatima.page.goto(family);
	await expect(shared).toContainText('Na het slot', { timeout: 15_000 });
	await expect(shared).toContainText('Voor het slot');
	// Fatima's device took Anna's new keys; the old one counts only for what came before.
	const fatimaStore = await readRawDatabase(fatima.page, 'koers');
	expect(JSON.stringify(fatimaStore.stores.spaceDevices)).toContain('formerKeys');
	expect(fatimaStore.stores.syncProblems).toEqual([]);

	// An invite still open carries the present keys: the lock waits until it is used.
	await fatima.page.goto(family);
	await makeInvite(fatima.page, 'Een gezinsvertegenwoordiger');
	await fatima.page.goto('/instellingen');
	await fatima.page.getByRole('button', { name: 'Slot aanzetten' }).click();
	await expect(fatima.page.getByText(/^Er staat nog een uitnodiging open/)).toBeVisible();
	await expect(fatima.page.getByLabel('Nieuwe code')).toHaveCount(0);
	await expectAccessible(fatima.page, 'the lock waiting for an invite');
});

/** Presses Tab until `target` has the focus, as a keyboard user would reach it. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>) {
	for (let presses = 0; presses < 60; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('Tab never reached the element');
}

const outlineOf = (page: Page) =>
	page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);

test('the lock is turned on and opened by keyboard alone, with the focus always in view', async ({
	page
}) => {
	await onboard(page, 'Sam');
	await page.goto('/instellingen');
	await tabTo(page, page.getByRole('button', { name: 'Slot aanzetten' }));
	expect(await outlineOf(page)).not.toBe('none');
	await page.keyboard.press('Enter');
	// The form takes the focus where the button was, on the chosen kind of code.
	await expect(page.getByRole('radio', { name: /^Een wachtzin/ })).toBeFocused();
	await tabTo(page, page.getByLabel('Nieuwe code'));
	await page.keyboard.type(PASSPHRASE);
	await tabTo(page, page.getByLabel('Typ de code nog een keer'));
	await page.keyboard.type(PASSPHRASE);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');

	await expect(page.getByLabel('Je wachtzin')).toBeFocused();
	expect(await outlineOf(page)).not.toBe('none');
	await page.keyboard.type(PASSPHRASE);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
	await tabTo(page, page.getByRole('button', { name: 'Code wijzigen' }));
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('Je huidige code')).toBeFocused();
});
