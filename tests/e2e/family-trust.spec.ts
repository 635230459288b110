import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { write } from './helpers';
import {
	admitWithCode,
	createFamily,
	joinByLink,
	makeInvite,
	person,
	spaceToken,
	storedText,
	inviteIn
} from './family-helpers';

const GOAL = { label: 'Mijn doelen', theme: 'School, opvoeding en keuzes' };
const SHARED = 'Anna wil rust bij de overdracht';

mkdirSync('screenshots', { recursive: true });
test.describe.configure({ timeout: 120_000 });

/** Screenshots to look at, and axe finds nothing, at phone and laptop width; nothing sideways. */
async function check(page: Page, name: string) {
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
		const result = await new AxeBuilder({ page }).analyze();
		expect(
			result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
			`${name} at ${width}px`
		).toEqual([]);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
	}
}

/** The same invite as an older Koers wrote it: without the family's name and people. */
function olderLink(link: string): string {
	const [address, fragment] = link.split('#uitnodiging=');
	const parts = JSON.parse(decodeURIComponent(fragment!)) as unknown[];
	return `${address}#uitnodiging=${encodeURIComponent(JSON.stringify([1, ...parts.slice(1, 10)]))}`;
}

const sharedSection = (page: Page) => page.locator('section', { hasText: 'Wat anderen deelden' });
/** One person's row in a list, found by their name alone. */
const row = (page: Page, list: 'member' | 'reader', name: string) =>
	page.locator(`[data-${list}]`).filter({ has: page.getByText(name, { exact: true }) });

test('a parent invites only her own next device', async ({ browser }) => {
	const anna = await person(browser, 'Anna', 'parent');
	await anna.page.goto('/gezin');
	await expect(
		anna.page.getByText('Een gezin dat je zelf maakt, is alleen voor je eigen apparaten')
	).toBeVisible();
	await expect(
		anna.page.getByText('Dat begint met een uitnodiging van een gezinsvertegenwoordiger.')
	).toBeVisible();
	await createFamily(anna.page, 'Anna thuis');

	const panel = anna.page.locator('section', {
		has: anna.page.getByRole('heading', { name: 'Een ander apparaat van jou toevoegen' })
	});
	await expect(panel).toContainText(
		'De andere ouder en de gezinsvertegenwoordigers worden uitgenodigd door een gezinsvertegenwoordiger.'
	);
	await expect(anna.page.getByRole('radio', { name: 'Een ouder' })).toHaveCount(0);
	await expect(anna.page.getByRole('radio', { name: 'Een gezinsvertegenwoordiger' })).toHaveCount(
		0
	);
	await expect(panel.getByRole('radio')).toHaveCount(0);

	// What she can make is an invite for her own device.
	const tablet = await person(browser, 'Anna', 'parent');
	await tablet.page.goto(await makeInvite(anna.page, 'Een ander apparaat van mij'));
	await expect(
		tablet.page.getByText('Je voegt dit apparaat toe aan je eigen plek in het gezin.')
	).toBeVisible();
	for (const p of [anna, tablet]) await p.context.close();
});

test('someone who comes later reads a parent’s items only after her yes', async ({ browser }) => {
	test.setTimeout(180_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const anna = await person(browser, 'Anna', 'parent');
	const family = await createFamily(fatima.page, 'Gezin Jansen');
	await inviteIn(fatima.page, anna.page, 'Een ouder', 'Gezin Jansen');
	await write(anna.page, { ...GOAL, text: SHARED }, { visibility: 'Voor het gesprek' });
	await fatima.page.goto(family);
	await expect(sharedSection(fatima.page)).toContainText(SHARED, { timeout: 15_000 });

	// A second counsellor comes in, let in by Fatima.
	const sanne = await person(browser, 'Sanne', 'counsellor');
	await inviteIn(fatima.page, sanne.page, 'Een gezinsvertegenwoordiger', 'Gezin Jansen');

	// Sanne waits for Anna's yes: Anna's statement is neither shown nor stored on her device.
	await sanne.page.getByRole('link', { name: 'Naar het gezin' }).click();
	await expect(sanne.page.getByTestId('waiting-for-yes')).toContainText(
		'Je wacht nog op het ja van Anna'
	);
	await expect(sanne.page.getByText('Er is nog niets met je gedeeld.')).toBeVisible();
	expect(await storedText(sanne.page)).not.toContain(SHARED);
	await expect(sanne.page.getByTestId('waiting-for-yes')).toContainText('Je hoeft niets te doen.');
	// Joining was her yes to Fatima and Anna: she is asked about nobody.
	await expect(sanne.page.locator('[data-member]')).toHaveCount(3);
	await expect(sanne.page.locator('[data-consent]')).toHaveCount(0);
	await check(sanne.page, 'family-waiting-for-yes');
	// The conversation screen says why Anna's side is empty instead of looking empty.
	await sanne.page.goto(`${family}/gesprek/eerste`);
	await expect(sanne.page.getByTestId('waiting-for-yes')).toContainText(
		'Je wacht nog op het ja van Anna'
	);
	await check(sanne.page, 'meeting-waiting-for-yes');
	await sanne.page.goto(family);

	// Anna is asked, once, with who added Sanne and what her yes lets through.
	await anna.page.goto(family);
	const request = anna.page.locator('[data-consent]');
	await expect(request).toHaveCount(1, { timeout: 15_000 });
	await expect(request).toContainText('Nieuw in het gezin: Sanne (gezinsvertegenwoordiger)');
	await expect(request).toContainText('Toegevoegd door Fatima op');
	await expect(request).toContainText(
		'Wat jij deelt als ‘Voor het gesprek’ of ‘Ook voor de andere ouder’, leest Sanne pas als jij ja zegt.'
	);
	await expect(request).toContainText('Vraag eerst aan Fatima wie Sanne is.');
	const sanneReads = row(anna.page, 'reader', 'Sanne');
	await expect(sanneReads).toContainText('Wacht op jouw ja.');
	await expect(row(anna.page, 'reader', 'Fatima')).toContainText(
		'Jij zei ja toen je in het gezin kwam'
	);
	await expect(row(anna.page, 'member', 'Sanne')).toContainText('Toegevoegd door Fatima op');
	await expect(row(anna.page, 'member', 'Fatima')).toContainText('Heeft dit gezin gemaakt.');
	await check(anna.page, 'family-consent');

	await anna.page.getByRole('button', { name: 'Ja, Sanne mag meelezen' }).click();
	await expect(anna.page.getByText('Sanne leest nu mee met wat je deelt.')).toBeVisible();
	await expect(request).toHaveCount(0);
	await expect(sanneReads).toContainText('Jij zei ja op');
	await expect(sanneReads).toContainText(
		'Leest wat je deelt als ‘Voor het gesprek’ en ‘Ook voor de andere ouder’.'
	);

	// Now Anna's statement reaches Sanne, and she no longer waits.
	await expect(sharedSection(sanne.page)).toContainText(SHARED, { timeout: 15_000 });
	await expect(sanne.page.getByTestId('waiting-for-yes')).toHaveCount(0);
	expect(await storedText(sanne.page)).toContain(SHARED);

	for (const p of [fatima, anna, sanne]) await p.context.close();
});

test('the join screen says which family, who invites, who is in it and what is shared', async ({
	browser
}) => {
	const fatima = await person(browser, 'Fatima', 'counsellor');
	await createFamily(fatima.page, 'Gezin de Vries');
	const link = await makeInvite(fatima.page, 'Een ouder');

	const anna = await person(browser, 'Anna', 'parent');
	await anna.page.goto(link);
	await expect(anna.page.getByTestId('invite-from')).toHaveText(
		'Fatima nodigt je uit voor Gezin de Vries.'
	);
	await expect(anna.page.getByText('Je bent uitgenodigd als ouder.')).toBeVisible();
	const members = anna.page.getByTestId('invite-members').getByRole('listitem');
	await expect(members).toHaveCount(1);
	await expect(members).toContainText('Fatima');
	await expect(members).toContainText('gezinsvertegenwoordiger');
	for (const level of ['Ook voor de andere ouder', 'Voor het gesprek', 'Alleen voor mij'])
		await expect(anna.page.getByText(level, { exact: true })).toBeVisible();
	await expect(
		anna.page.getByText('Met ‘Deelnemen’ zeg je ja tegen precies deze mensen')
	).toBeVisible();
	await check(anna.page, 'family-join-details');
	await admitWithCode(fatima.page, anna.page, 'Gezin de Vries');

	// An invite from an older Koers still works: the screen shows what it carries.
	const older = olderLink(await makeInvite(fatima.page, 'Een ouder'));
	const bart = await person(browser, 'Bart', 'parent');
	await bart.page.goto(older);
	await expect(bart.page.getByText('Je bent uitgenodigd als ouder.')).toBeVisible();
	await expect(bart.page.getByTestId('invite-from')).toHaveCount(0);
	await expect(bart.page.getByTestId('invite-members')).toHaveCount(0);
	await expect(
		bart.page.getByText('Wie er al in het gezin is, zie je als je bent toegelaten.')
	).toBeVisible();
	await admitWithCode(fatima.page, bart.page, 'Gezin de Vries');

	for (const p of [fatima, anna, bart]) await p.context.close();
});

test('calm states: not let in, no access any more, and an item from a newer Koers', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const family = await createFamily(fatima.page, 'Gezin Bakker');

	// The codes differ: Anna is told she was not let in, and what to do.
	const anna = await person(browser, 'Anna', 'parent');
	await anna.page.goto(await makeInvite(fatima.page, 'Een ouder'));
	await anna.page.getByRole('button', { name: 'Deelnemen' }).click();
	await expect(anna.page.getByTestId('safety-code')).toBeVisible();
	await expect(fatima.page.getByTestId('safety-code')).toBeVisible({ timeout: 15_000 });
	await fatima.page.getByRole('button', { name: 'De codes zijn niet gelijk' }).click();
	const notAdmitted = anna.page.getByTestId('not-admitted');
	await expect(notAdmitted).toContainText('Je bent niet toegelaten tot dit gezin', {
		timeout: 20_000
	});
	await expect(notAdmitted).toContainText('Vraag wie je uitnodigde om een nieuwe uitnodiging.');
	await check(anna.page, 'family-not-admitted');
	// Taking it off the device makes room for a new invite (a parent is in one family).
	await notAdmitted.getByRole('button', { name: 'Weghalen van dit apparaat' }).click();
	await expect(anna.page).toHaveURL(/\/gezin$/);
	await expect(anna.page.getByText('wacht op toelating')).toHaveCount(0);
	await inviteIn(fatima.page, anna.page, 'Een ouder', 'Gezin Bakker');

	// An op from a newer Koers is kept and explained, not reported as broken.
	const { spaceId, token } = await spaceToken(anna.page);
	const posted = await anna.page.request.post(`/api/spaces/${spaceId}/ops`, {
		headers: { authorization: `Bearer ${token}` },
		data: { ops: [JSON.stringify({ v: 99, future: true })] }
	});
	expect(posted.ok()).toBe(true);
	await fatima.page.goto(family);
	const newer = fatima.page.locator('[data-problem="newer-format"]');
	await expect(newer).toContainText('Werk Koers bij', { timeout: 15_000 });
	await expect(newer).toContainText('1 gedeeld item komt uit een nieuwere versie van Koers.');
	await expect(fatima.page.getByText('kon niet worden geopend of gecontroleerd')).toHaveCount(0);
	await check(fatima.page, 'family-newer');

	// The server stops taking Anna's token: her device keeps everything and says so calmly.
	const revoked = await anna.page.request.post(`/api/spaces/${spaceId}/revoke`, {
		headers: { authorization: `Bearer ${token}` },
		data: { tokenHash: createHash('sha256').update(token).digest('hex') }
	});
	expect(revoked.ok()).toBe(true);
	await anna.page.goto(family);
	const refused = anna.page.getByTestId('refused');
	await expect(refused).toContainText('De server laat dit apparaat niet meer binnen', {
		timeout: 20_000
	});
	await expect(refused).toContainText('Er is niets verwijderd.');
	await expect(anna.page.locator('[data-member]')).toHaveCount(2);
	await refused.getByRole('button', { name: 'Opnieuw verbinden' }).click();
	await expect(refused).toContainText('De server laat dit apparaat nog steeds niet binnen.');
	await check(anna.page, 'family-refused');
	expect(await storedText(anna.page)).toContain('Gezin Bakker');

	for (const p of [fatima, anna]) await p.context.close();
});

test("a parent who lost their phone comes back through a counsellor's invite", async ({
	browser
}) => {
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const lostPhone = await person(browser, 'Anna', 'parent');
	const newPhone = await person(browser, 'Anna', 'parent');
	const family = await createFamily(fatima.page, 'Gezin Smit');
	await inviteIn(fatima.page, lostPhone.page, 'Een ouder', 'Gezin Smit');

	await fatima.page.goto(family);
	await fatima.page.getByText('Een ouder komt terug met een nieuw apparaat').click();
	await expect(fatima.page.getByLabel('Welke ouder komt terug?')).toHaveValue(/.+/);
	await check(fatima.page, 'family-returning-parent');
	await fatima.page.getByRole('button', { name: 'Uitnodiging voor het nieuwe apparaat' }).click();
	const link = await fatima.page.getByTestId('invite-link').inputValue();
	await joinByLink(fatima.page, newPhone.page, link, 'Gezin Smit');

	// One Anna in the family: the new device; the lost phone is out and says so.
	await fatima.page.goto(family);
	const members = fatima.page.locator('section', { hasText: 'Wie horen bij dit gezin' });
	await expect(members.getByText('Anna', { exact: true })).toHaveCount(1, { timeout: 20_000 });
	// Every change to who reads along shows: the lost phone's Anna no longer does.
	await expect(fatima.page.locator('[data-former]')).toContainText('Niet meer in het gezin sinds');
	await lostPhone.page.goto(family);
	await expect(
		lostPhone.page.getByRole('heading', { name: 'De server laat dit apparaat niet meer binnen' })
	).toBeVisible({ timeout: 20_000 });
	await newPhone.page.goto(family);
	await expect(newPhone.page.getByRole('heading', { name: 'Gezin Smit' })).toBeVisible();
});
