import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROUTES = ['/', '/welkom', '/instellingen', '/over', '/veilig'] as const;

export async function onboard(page: Page, name = 'Sam', role: 'parent' | 'counsellor' = 'parent') {
	await page.goto('/');
	await expect(page).toHaveURL(/\/welkom$/);
	await page.getByLabel('Hoe wil je genoemd worden?').fill(name);
	await page
		.getByLabel(role === 'parent' ? 'Ik ben ouder' : 'Ik ben gezinsvertegenwoordiger')
		.check();
	await page.getByRole('button', { name: 'Beginnen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hallo ${name}`);
}

/** Waits until the service worker is active and controls this page. */
export async function waitForServiceWorker(page: Page) {
	await page.waitForFunction(
		async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated'
	);
	// The worker claims the open page; now and then Chromium leaves that page uncontrolled
	// (seen on a busy machine). The next load is always controlled, as a person's would be.
	const claimed = await page
		.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
			timeout: 5000
		})
		.then(
			() => true,
			() => false
		);
	if (!claimed) {
		await page.reload();
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
	}
}

export interface RunningServer {
	url: string;
	stop: () => Promise<void>;
}

/** Starts Koers from a given build folder, as `npm start` does, and waits until it answers. */
export async function startServer(options: {
	build: string;
	port: number;
	dataDir: string;
	/** More settings, such as the relay's limits. */
	env?: Record<string, string>;
}): Promise<RunningServer> {
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: {
			...process.env,
			KOERS_BUILD: options.build,
			PORT: String(options.port),
			HOST: '127.0.0.1',
			DATA_DIR: options.dataDir,
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${options.port}`;
	// A fresh embedded relay database takes a few seconds to create on a slow machine.
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error(`Server exited: ${output}`);
		if (i === 300) throw new Error(`Server did not answer within 30 s: ${output}`);
		try {
			if ((await fetch(`${url}/api/health`)).ok) break;
		} catch {
			// not listening yet
		}
		await sleep(100);
	}
	return {
		url,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

export interface RawStore {
	keyPath?: string;
	records?: { key?: IDBValidKey; value: unknown }[];
}

/**
 * Writes an IndexedDB database by hand, as another app or a newer Koers would have left it,
 * from a page of the app's origin that does not start the app (deleting any existing one).
 */
export async function writeRawDatabase(
	page: Page,
	name: string,
	version: number,
	stores: Record<string, RawStore>
) {
	await page.goto('/robots.txt');
	await page.evaluate(
		({ name, version, json }) =>
			new Promise<void>((resolve, reject) => {
				const stores = JSON.parse(json) as Record<string, RawStore>;
				const removal = indexedDB.deleteDatabase(name);
				removal.onsuccess = () => {
					const open = indexedDB.open(name, version);
					open.onupgradeneeded = () => {
						for (const [store, spec] of Object.entries(stores)) {
							const created = open.result.createObjectStore(
								store,
								spec.keyPath ? { keyPath: spec.keyPath } : {}
							);
							for (const record of spec.records ?? []) created.put(record.value, record.key);
						}
					};
					open.onsuccess = () => {
						open.result.close();
						resolve();
					};
					open.onerror = () => reject(open.error);
				};
			}),
		// As JSON: Playwright's argument types recurse forever on `unknown` records.
		{ name, version, json: JSON.stringify(stores) }
	);
}

/** Reads back version, store names and every record of a database, without opening the app. */
export async function readRawDatabase(page: Page, name: string) {
	await page.goto('/robots.txt');
	return page.evaluate(
		(name) =>
			new Promise<{ version: number; stores: Record<string, unknown[]> }>((resolve) => {
				const open = indexedDB.open(name);
				open.onsuccess = async () => {
					const db = open.result;
					const stores: Record<string, unknown[]> = {};
					for (const store of db.objectStoreNames) {
						stores[store] = await new Promise((done) => {
							const all = db.transaction(store).objectStore(store).getAll();
							all.onsuccess = () => done(all.result);
						});
					}
					db.close();
					resolve({ version: db.version, stores });
				};
			}),
		name
	);
}

/** A parent who has just joined, on the Mijn koers screen. */
export async function startParent(page: Page) {
	await onboard(page, 'Sam', 'parent');
	await page.getByRole('link', { name: 'Mijn koers' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn koers');
}

export async function addChildren(page: Page, children: [string, string][]) {
	await page.goto('/mijn-koers/kinderen');
	for (const [name, year] of children) {
		await page.getByLabel('Voornaam of bijnaam').fill(name);
		await page.getByLabel('Geboortejaar (niet verplicht)').fill(year);
		await page.getByRole('button', { name: 'Kind toevoegen' }).click();
		await expect(page.locator('ul.children li', { hasText: name })).toContainText(
			`geboren in ${year}`
		);
	}
}

export async function write(
	page: Page,
	statement: { label: string; theme: string; text: string },
	options: { children?: string[]; visibility?: string } = {}
) {
	await page.goto('/mijn-koers/nieuw');
	await page.getByRole('radio', { name: new RegExp(`^${statement.label}`) }).check();
	await page.getByLabel('Over welk onderwerp?').selectOption({ label: statement.theme });
	for (const child of options.children ?? [])
		await page.getByRole('checkbox', { name: child }).check();
	if (options.visibility)
		await page.getByRole('radio', { name: new RegExp(`^${options.visibility}`) }).check();
	await page.getByLabel('Jouw tekst').fill(statement.text);
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await expect(page).toHaveURL(/\/mijn-koers\/[0-9a-f-]{36}$/);
}

/** axe finds nothing on the page as it is now, at phone and at laptop width. */
export async function expectAccessible(page: Page, label: string) {
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		const result = await new AxeBuilder({ page }).analyze();
		expect(
			result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
			`${label} at ${width}`
		).toEqual([]);
	}
}

export const PASSPHRASE = 'rode fiets in het gras';

/** Turns the app lock on in the settings; Koers reloads, locked. */
export async function turnOnLock(
	page: Page,
	code = PASSPHRASE,
	kind: 'passphrase' | 'pin' = 'passphrase'
) {
	await page.goto('/instellingen');
	await page.getByRole('button', { name: 'Slot aanzetten' }).click();
	if (kind === 'pin') await page.getByRole('radio', { name: /^Een pincode/ }).check();
	await page.getByLabel('Nieuwe code').fill(code);
	await page.getByLabel('Typ de code nog een keer').fill(code);
	await page.getByRole('button', { name: 'Slot aanzetten' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koers is op slot');
}

export async function unlock(page: Page, code = PASSPHRASE) {
	await page.getByLabel(/^Je (wachtzin|pincode)$/).fill(code);
	await page.getByRole('button', { name: 'Openen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Koers is op slot' })).toHaveCount(0);
}

/** Sam's vision, written in one tab and open in a second tab of the same browser. */
export async function visionInTwoTabs(page: Page, context: BrowserContext) {
	await onboard(page, 'Sam');
	await write(page, { label: 'Mijn visie', theme: 'Zorg en contact', text: 'Begin.' });
	const address = page.url();
	const other = await context.newPage();
	await other.goto(address);
	return { address, other };
}
