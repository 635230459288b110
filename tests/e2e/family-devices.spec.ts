import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, write, type RunningServer } from './helpers';
import { createFamily, person, storedText, inviteIn } from './family-helpers';

const PORT = 4195;
const GOAL = { label: 'Mijn doelen', theme: 'School, opvoeding en keuzes' };
const VISION = { label: 'Mijn visie op ouderschap', theme: 'Zorg en contact' };

test('a second device of the same parent, a relay restart that loses nothing, and a lost device removed', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'koers-relay-'));
	const start = () => startServer({ build: 'build', port: PORT, dataDir });
	let server: RunningServer = await start();
	try {
		const phone = await person(browser, 'Anna', 'parent', server.url);
		const family = await createFamily(phone.page, 'Gezin Smit');
		await write(phone.page, { ...VISION, text: 'Alleen op mijn telefoon' });
		await write(
			phone.page,
			{ ...GOAL, text: 'Anna deelt dit' },
			{ visibility: 'Voor het gesprek' }
		);
		const goal = new URL(phone.page.url()).pathname;

		// The tablet joins as Anna's own device and gets what she already shared.
		await phone.page.goto(family);
		const tablet = await person(browser, 'Anna', 'parent', server.url);
		await inviteIn(phone.page, tablet.page, 'Een ander apparaat van mij', 'Gezin Smit');
		await expect(phone.page.locator('[data-member]')).toHaveCount(1);
		await expect(phone.page.getByText('2 apparaten')).toBeVisible();
		await tablet.page.goto('/mijn-koers');
		await expect(tablet.page.getByText('Anna deelt dit')).toBeVisible({ timeout: 15_000 });
		await expect(tablet.page.getByText('Alleen op mijn telefoon')).toHaveCount(0);

		// The tablet may change her own record; the phone follows.
		await tablet.page.goto(goal);
		await tablet.page.getByLabel('Jouw tekst').fill('Anna deelt dit, vanaf de tablet');
		await expect(tablet.page.getByText('Opgeslagen')).toBeVisible();
		await phone.page.goto('/mijn-koers');
		await expect(phone.page.getByText('Anna deelt dit, vanaf de tablet')).toBeVisible({
			timeout: 15_000
		});

		// The relay stops in the middle: the change waits, and nothing is lost after the restart.
		await server.stop();
		await phone.page.goto(goal);
		await phone.page.getByLabel('Jouw tekst').fill('Geschreven terwijl de server uit stond');
		await expect(phone.page.getByText('Opgeslagen')).toBeVisible();
		await phone.page.goto(family);
		await expect(
			phone.page.getByRole('status').filter({ hasText: 'Geen verbinding' })
		).toContainText('1 wijziging wacht');
		// Without any server: carried over as an encrypted file.
		const download = phone.page.waitForEvent('download');
		await phone.page.getByRole('button', { name: 'Bestand maken' }).click();
		const file = join(dataDir, 'gedeeld.json');
		await (await download).saveAs(file);
		const carried = readFileSync(file, 'utf8');
		expect(carried).not.toContain('server uit stond');
		await tablet.page.goto(family);
		await tablet.page.getByLabel('Bestand inlezen').setInputFiles(file);
		await expect(tablet.page.getByText(/^\d+ items? ingelezen\.$/)).toBeVisible();
		await tablet.page.goto('/mijn-koers');
		await expect(tablet.page.getByText('Geschreven terwijl de server uit stond')).toBeVisible();
		// A damaged file changes nothing and says so.
		await tablet.page.goto(family);
		await tablet.page.getByLabel('Bestand inlezen').setInputFiles({
			name: 'kapot.json',
			mimeType: 'application/json',
			buffer: Buffer.from(carried.slice(0, 200))
		});
		await expect(tablet.page.getByRole('alert')).toHaveText(
			'Dit bestand kan Koers niet lezen. Er is niets veranderd.'
		);

		const retry = phone.page.getByRole('button', { name: 'Opnieuw proberen' });
		await expect(retry).toBeVisible();
		server = await start();
		// Koers also tries again by itself (it may be quicker than us); the button does it at once.
		await retry.click({ timeout: 2_000 }).catch(() => undefined);
		await expect(phone.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 40_000 });
		await tablet.page.goto('/mijn-koers');
		await expect(tablet.page.getByText('Geschreven terwijl de server uit stond')).toBeVisible({
			timeout: 40_000
		});

		// The tablet is lost: the phone removes it, and it reads nothing shared afterwards.
		await phone.page
			.getByRole('button', { name: 'Dit apparaat verwijderen (bijvoorbeeld kwijt)' })
			.click();
		await phone.page.getByRole('button', { name: 'Ja' }).click();
		await expect(phone.page.getByText('1 apparaat')).toBeVisible();
		await write(
			phone.page,
			{ ...VISION, text: 'Na het kwijtraken' },
			{ visibility: 'Voor het gesprek' }
		);
		// The server's word deletes nothing: the tablet says calmly that it is no longer let in.
		await tablet.page.goto(family);
		await expect(tablet.page.getByTestId('refused')).toContainText(
			'De server laat dit apparaat niet meer binnen',
			{ timeout: 15_000 }
		);
		expect(await storedText(tablet.page)).not.toContain('Na het kwijtraken');
		await phone.context.close();
		await tablet.context.close();
	} finally {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
