import { truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addChildren, expectAccessible, onboard, write } from './helpers';

const PASSPHRASE = 'appel boom en een rivier';
let saved = 0;

async function makeBackup(page: Page, passphrase: string | null = PASSPHRASE) {
	await page.goto('/instellingen');
	if (passphrase === null) {
		await page.getByRole('checkbox', { name: /^Zonder wachtwoord/ }).check();
	} else {
		await page.getByLabel('Wachtwoord voor het bestand').fill(passphrase);
		await page.getByLabel('Typ het wachtwoord nog een keer').fill(passphrase);
	}
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Reservekopie maken' }).click();
	const file = await download;
	await expect(page.getByRole('status').filter({ hasText: 'Klaar:' })).toBeVisible();
	const path = join(tmpdir(), `${test.info().testId}-${++saved}-${file.suggestedFilename()}`);
	await file.saveAs(path);
	return { path, name: file.suggestedFilename() };
}

const chooseFile = (page: Page, file: string | { name: string; buffer: Buffer }) =>
	page
		.getByLabel('Bestand kiezen')
		.setInputFiles(
			typeof file === 'string'
				? file
				: { name: file.name, mimeType: 'application/json', buffer: file.buffer }
		);

test('a backup made on one device comes back on a new one: preview, a rehearsal that changes nothing, and a report', async ({
	page,
	browser
}) => {
	await onboard(page, 'Sam');
	await addChildren(page, [['Noor', '2016']]);
	await write(page, {
		label: 'Mijn visie',
		theme: 'Zorg en contact',
		text: 'Rust voor de kinderen'
	});
	const backup = await makeBackup(page);
	expect(backup.name).toMatch(/^koers-reservekopie-\d{4}-\d{2}-\d{2}\.json$/);
	await expect(page.getByText(/^Je laatste reservekopie: /)).toBeVisible();

	const context = await browser.newContext();
	const other = await context.newPage();
	await onboard(other, 'Sam');
	await other.goto('/instellingen');
	await chooseFile(other, backup.path);
	await expect(other.getByText('Dit bestand heeft een wachtwoord.')).toBeVisible();
	await other.getByLabel('Wachtwoord van het bestand').fill('appel boom en een beek');
	await other.getByRole('button', { name: 'Openen' }).click();
	await expect(other.getByRole('alert')).toHaveText(
		'Het wachtwoord klopt niet, of het bestand is veranderd. Er is niets veranderd.'
	);
	await other.getByLabel('Wachtwoord van het bestand').fill(PASSPHRASE);
	await other.getByRole('button', { name: 'Openen' }).click();
	await expect(other.getByText(/^Deze reservekopie is gemaakt op /)).toBeVisible();
	await expect(other.getByText('1 uitspraak', { exact: true })).toBeVisible();
	await expect(other.getByText('1 kind', { exact: true })).toBeVisible();
	await expectAccessible(other, 'settings, a backup shown before it is restored');

	await other.getByRole('button', { name: 'Eerst proberen (er verandert niets)' }).click();
	await expect(other.getByText('Zo zou het gaan als je terugzet.', { exact: false })).toBeVisible();
	await expect(other.getByText('1 uitspraak: 1 nieuw')).toBeVisible();
	await other.goto('/mijn-koers');
	await expect(other.getByText('Rust voor de kinderen')).toHaveCount(0);

	await other.goto('/instellingen');
	await chooseFile(other, backup.path);
	await other.getByLabel('Wachtwoord van het bestand').fill(PASSPHRASE);
	await other.getByRole('button', { name: 'Openen' }).click();
	await other.getByRole('button', { name: 'Terugzetten' }).click();
	await expect(other.getByText('De reservekopie is teruggezet:')).toBeVisible();
	await expect(other.getByText('1 uitspraak: 1 nieuw')).toBeVisible();
	await other.goto('/mijn-koers');
	await expect(other.getByText('Rust voor de kinderen')).toBeVisible();

	// The same file again: nothing is newer, so everything stays as it is.
	await other.goto('/instellingen');
	await chooseFile(other, backup.path);
	await other.getByLabel('Wachtwoord van het bestand').fill(PASSPHRASE);
	await other.getByRole('button', { name: 'Openen' }).click();
	await other.getByRole('button', { name: 'Terugzetten' }).click();
	await expect(other.getByText('1 uitspraak: 1 bleef zoals het was')).toBeVisible();
	await context.close();
});

test('every bad file gets a clear message and changes nothing; hostile text stays text', async ({
	page
}) => {
	await onboard(page, 'Sam');
	await write(page, { label: 'Mijn visie', theme: 'Zorg en contact', text: 'Mijn eigen tekst' });
	const plain = await makeBackup(page, null);
	const sealed = await makeBackup(page);
	const { readFileSync } = await import('node:fs');
	const text = readFileSync(plain.path, 'utf8');
	const backup = JSON.parse(text);
	const statement = backup.tables.statements[0];
	const sealedFile = JSON.parse(readFileSync(sealed.path, 'utf8'));
	const data: string = sealedFile.sealed.data;
	const big = join(tmpdir(), `${test.info().testId}-big.json`);
	writeFileSync(big, '');
	truncateSync(big, 100 * 1024 * 1024 + 1);
	const json = (value: unknown) => ({
		name: 'kopie.json',
		buffer: Buffer.from(JSON.stringify(value))
	});
	const cases: [string, string | { name: string; buffer: Buffer }, string][] = [
		[
			'not JSON',
			{ name: 'foto.json', buffer: Buffer.from('GIF89a…') },
			'Dit is geen reservekopie van Koers.'
		],
		[
			'truncated',
			{ name: 'half.json', buffer: Buffer.from(text.slice(0, text.length / 2)) },
			'Dit bestand is niet compleet.'
		],
		['another shape', json({ statements: [statement] }), 'Dit is geen reservekopie van Koers.'],
		[
			'a newer Koers',
			json({ ...backup, schema: 99 }),
			'Deze reservekopie komt uit een nieuwere versie van Koers.'
		],
		[
			'duplicate ids',
			json({ ...backup, tables: { statements: [statement, statement] } }),
			'In dit bestand staat iets twee keer.'
		],
		[
			'dates in the future',
			json({
				...backup,
				tables: { statements: [{ ...statement, updatedAt: '2099-01-01T00:00:00.000Z' }] }
			}),
			'In dit bestand staan datums in de toekomst.'
		],
		[
			'a damaged record',
			json({ ...backup, tables: { statements: [{ ...statement, payload: { text: 5 } }] } }),
			'Dit bestand is beschadigd.'
		],
		['100 MB', big, 'Dit bestand is te groot voor een reservekopie van Koers'],
		[
			'tampered ciphertext',
			json({
				...sealedFile,
				sealed: {
					...sealedFile.sealed,
					data: `${data.slice(0, 60)}${data[60] === 'A' ? 'B' : 'A'}${data.slice(61)}`
				}
			}),
			'Het wachtwoord klopt niet, of het bestand is veranderd.'
		]
	];
	for (const [what, file, message] of cases) {
		await page.goto('/instellingen');
		await chooseFile(page, file);
		if (what === 'tampered ciphertext') {
			await page.getByLabel('Wachtwoord van het bestand').fill(PASSPHRASE);
			await page.getByRole('button', { name: 'Openen' }).click();
		}
		await expect(page.getByRole('alert'), what).toContainText(message);
		await expect(page.getByRole('alert'), what).toContainText('Er is niets veranderd.');
	}

	// Hostile text in every field a screen shows is restored as text, never as markup.
	const hostile =
		'<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
	page.on('dialog', () => {
		throw new Error('a dialog opened');
	});
	await page.goto('/instellingen');
	await chooseFile(
		page,
		json({
			...backup,
			tables: {
				statements: [
					{ ...statement, id: 'hostile-1', payload: { ...statement.payload, text: hostile } }
				],
				children: [
					{
						id: 'c-hostile',
						ownerId: statement.ownerId,
						createdAt: statement.createdAt,
						updatedAt: statement.updatedAt,
						payload: { name: '<b>Noor</b>' }
					}
				]
			}
		})
	);
	await page.getByRole('button', { name: 'Terugzetten' }).click();
	await expect(page.getByText('De reservekopie is teruggezet:')).toBeVisible();
	await page.goto('/mijn-koers');
	await expect(page.getByText(hostile)).toBeVisible();
	await expect(page.getByText('Mijn eigen tekst')).toBeVisible();
	await page.goto('/mijn-koers/kinderen');
	await expect(page.getByText('<b>Noor</b>')).toBeVisible();
	expect(await page.title()).not.toBe('pwned');
	expect(await page.locator('img[src="x"], b').count()).toBe(0);
});

test('with the lock on, a backup always has a password; home reminds gently when there is none', async ({
	page
}) => {
	await onboard(page, 'Sam');
	await page.goto('/instellingen');
	await expect(page.getByRole('checkbox', { name: /^Zonder wachtwoord/ })).toBeVisible();
	await page.getByRole('button', { name: 'Slot aanzetten' }).click();
	await page.getByLabel('Nieuwe code').fill('rode fiets in het gras');
	await page.getByLabel('Typ de code nog een keer').fill('rode fiets in het gras');
	await page.getByRole('button', { name: 'Slot aanzetten' }).click();
	await page.getByLabel('Je wachtzin').fill('rode fiets in het gras');
	await page.getByRole('button', { name: 'Openen' }).click();
	await expect(
		page.getByText('Het slot staat aan. Daarom heeft een reservekopie altijd een wachtwoord.')
	).toBeVisible();
	await expect(page.getByRole('checkbox', { name: /^Zonder wachtwoord/ })).toHaveCount(0);
	await page.getByRole('button', { name: 'Reservekopie maken' }).click();
	await expect(page.getByText('Een wachtwoord heeft minstens 10 tekens.')).toBeVisible();

	// A week later, still no backup: home says so once, and "Later" quiets it.
	await page.clock.install({ time: new Date(Date.now() + 8 * 24 * 60 * 60 * 1000) });
	await page.goto('/');
	await page.getByLabel('Je wachtzin').fill('rode fiets in het gras');
	await page.getByRole('button', { name: 'Openen' }).click();
	await expect(page.getByRole('heading', { name: 'Maak eens een reservekopie' })).toBeVisible();
	await page.getByRole('button', { name: 'Later' }).click();
	await expect(page.getByRole('heading', { name: 'Maak eens een reservekopie' })).toHaveCount(0);
	await page.reload();
	await page.getByLabel('Je wachtzin').fill('rode fiets in het gras');
	await page.getByRole('button', { name: 'Openen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Sam');
	await expect(page.getByRole('heading', { name: 'Maak eens een reservekopie' })).toHaveCount(0);
});
