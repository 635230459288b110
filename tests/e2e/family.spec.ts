import { expect, test } from '@playwright/test';
import { write } from './helpers';
import {
	createFamily,
	makeInvite,
	person,
	sayYes,
	spaceToken,
	storedText,
	inviteIn
} from './family-helpers';

const VISION = { label: 'Mijn visie op ouderschap', theme: 'Zorg en contact' };
const GOAL = { label: 'Mijn doelen', theme: 'School, opvoeding en keuzes' };
const PLAN = { label: 'Mijn toekomstplan', theme: 'Wonen en een rustige basis' };

test('parents and a counsellor share exactly what each parent chose, live and after being offline', async ({
	browser
}) => {
	// A record being typed goes at most once a minute: the live step may wait that long.
	test.setTimeout(300_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const anna = await person(browser, 'Anna', 'parent');
	const bart = await person(browser, 'Bart', 'parent');

	// The counsellor makes the family space and invites both parents by link.
	const family = await createFamily(fatima.page, 'Gezin Jansen');
	await inviteIn(fatima.page, anna.page, 'Een ouder', 'Gezin Jansen');
	await inviteIn(fatima.page, bart.page, 'Een ouder', 'Gezin Jansen');
	await expect(fatima.page.locator('[data-member]')).toHaveCount(3);
	// Bart came in after Anna: what Anna shares reaches him only after her yes.
	await sayYes(anna.page, family, 'Bart');

	// A family has two parents at most: a counsellor is no longer offered a third.
	await expect(fatima.page.getByRole('radio', { name: 'Een ouder' })).toHaveCount(0);
	await expect(fatima.page.getByText('Dit gezin heeft al twee ouders.')).toBeVisible();

	// The role in the invite must match; an invite works once; codes that differ let no one in.
	const spare = await makeInvite(fatima.page, 'Een gezinsvertegenwoordiger');
	const parent = await person(browser, 'Co', 'parent');
	await parent.page.goto(spare);
	await expect(parent.page.getByRole('alert')).toContainText(
		'Deze uitnodiging is voor een gezinsvertegenwoordiger. Jij gebruikt Koers als ouder.'
	);
	const stranger = await person(browser, 'Stranger', 'counsellor');
	await stranger.page.goto(spare);
	await stranger.page.getByRole('button', { name: 'Deelnemen' }).click();
	await expect(stranger.page.getByTestId('safety-code')).toBeVisible();
	// An answered invite still waits for the comparison after a reload.
	await expect(fatima.page.getByTestId('safety-code')).toBeVisible({ timeout: 15_000 });
	await fatima.page.reload();
	await expect(fatima.page.getByTestId('safety-code')).toHaveText(
		(await stranger.page.getByTestId('safety-code').textContent())!
	);
	await fatima.page.getByRole('button', { name: 'De codes zijn niet gelijk' }).click();
	await expect(fatima.page.getByText('De uitnodiging is ingetrokken.')).toBeVisible();
	const late = await person(browser, 'Late', 'counsellor');
	await late.page.goto(spare);
	await late.page.getByRole('button', { name: 'Deelnemen' }).click();
	await expect(late.page.getByRole('alert')).toHaveText(
		'Deze uitnodiging is al gebruikt. Vraag om een nieuwe.'
	);
	await expect(fatima.page.locator('[data-member]')).toHaveCount(3);

	// A counsellor's device holds several families, with a switcher. A name being typed
	// survives a reload.
	await fatima.page.goto('/gezin');
	await fatima.page.getByLabel('Naam van het gezin').fill('Gezin Bak');
	await fatima.page.waitForTimeout(700);
	await fatima.page.reload();
	await expect(fatima.page.getByLabel('Naam van het gezin')).toHaveValue('Gezin Bak');
	await createFamily(fatima.page, 'Gezin Bakker');
	await fatima.page.getByLabel('Gezin kiezen').selectOption({ label: 'Gezin Jansen' });
	await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText('Gezin Jansen');
	await expect(fatima.page.locator('[data-member]')).toHaveCount(3);
	await fatima.page.goto('/gezin');
	await expect(fatima.page.getByRole('link', { name: /^Gezin / })).toHaveText([
		'Gezin Jansen',
		'Gezin Bakker'
	]);
	await fatima.page.goto(family);

	// Anna writes at each level; Bart shares one with everyone.
	await write(anna.page, { ...VISION, text: 'Anna prive visie' });
	await write(
		anna.page,
		{ ...GOAL, text: 'Anna voor het gesprek' },
		{ visibility: 'Voor het gesprek' }
	);
	const annaGoal = anna.page.url();
	await write(
		anna.page,
		{ ...PLAN, text: 'Anna voor iedereen' },
		{ visibility: 'Ook voor de andere ouder' }
	);
	const annaPlan = anna.page.url();
	await expect(anna.page.getByText('Wat je deelt, gaat versleuteld naar je gezin')).toBeVisible();
	await write(
		bart.page,
		{ ...VISION, text: 'Bart voor iedereen' },
		{ visibility: 'Ook voor de andere ouder' }
	);

	// Each device shows exactly what it may read.
	await fatima.page.goto(family);
	const fatimaShared = fatima.page.locator('section', { hasText: 'Wat anderen deelden' });
	await expect(fatimaShared).toContainText('Anna voor het gesprek', { timeout: 15_000 });
	await expect(fatimaShared).toContainText('Anna voor iedereen');
	await expect(fatimaShared).toContainText('Bart voor iedereen');
	await expect(fatimaShared).not.toContainText('Anna prive visie');
	await bart.page.goto(family);
	const bartShared = bart.page.locator('section', { hasText: 'Wat anderen deelden' });
	await expect(bartShared).toContainText('Anna voor iedereen', { timeout: 15_000 });
	await expect(bartShared).not.toContainText('Anna voor het gesprek');
	await expect(bartShared).not.toContainText('Anna prive visie');

	// What each device stores, and what the relay stores, proves it.
	const bartStore = await storedText(bart.page);
	expect(bartStore).toContain('Anna voor iedereen');
	expect(bartStore).not.toContain('Anna voor het gesprek');
	expect(bartStore).not.toContain('Anna prive visie');
	const fatimaStore = await storedText(fatima.page);
	expect(fatimaStore).toContain('Anna voor het gesprek');
	expect(fatimaStore).not.toContain('Anna prive visie');
	const { spaceId, token } = await spaceToken(anna.page);
	const log = await (
		await anna.page.request.get(`/api/spaces/${spaceId}/ops?after=0`, {
			headers: { authorization: `Bearer ${token}` }
		})
	).json();
	expect(log.ops.length).toBeGreaterThan(5);
	// Ciphertext is long runs of base64, where a short word can turn up by chance: left out.
	const relayText = JSON.stringify(log).replace(/[A-Za-z0-9_-]{40,}/g, '');
	for (const secret of [
		'Anna',
		'Bart',
		'Fatima',
		'Gezin Jansen',
		'voor iedereen',
		'prive',
		'statements'
	])
		expect(relayText).not.toContain(secret);

	// Live: Bart sees Anna's change without reloading. A record being typed goes at most
	// once a minute, so this one may wait for the minute since it was first sent.
	await anna.page.goto(annaPlan);
	await anna.page.getByLabel('Jouw tekst').fill('Anna voor iedereen, aangepast');
	await expect(bartShared).toContainText('Anna voor iedereen, aangepast', { timeout: 75_000 });

	// Un-sharing removes it from the others.
	await anna.page.getByRole('radio', { name: /^Alleen voor mij/ }).check();
	await expect(bartShared).not.toContainText('Anna voor iedereen', { timeout: 15_000 });
	await expect(fatimaShared).not.toContainText('Anna voor iedereen', { timeout: 15_000 });

	// Offline edits wait, are counted, and converge once back online.
	await anna.context.setOffline(true);
	await anna.page.goto(annaGoal);
	await anna.page.getByLabel('Jouw tekst').fill('Anna offline geschreven');
	await expect(anna.page.getByText('Opgeslagen')).toBeVisible();
	await anna.page.goto('/mijn-koers');
	await expect(anna.page.getByRole('link', { name: 'Gezin Jansen' })).toBeVisible();
	await expect(anna.page.getByRole('status').filter({ hasText: 'Geen verbinding' })).toContainText(
		'1 wijziging wacht'
	);
	await anna.page.goto(family);
	await expect(anna.page.getByRole('status').filter({ hasText: 'Geen verbinding' })).toContainText(
		'1 wijziging wacht'
	);
	await expect(anna.page.getByRole('button', { name: 'Opnieuw proberen' })).toBeVisible();
	// Back online, it goes by itself.
	await anna.context.setOffline(false);
	await expect(anna.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 15_000 });
	await expect(fatimaShared).toContainText('Anna offline geschreven', { timeout: 15_000 });

	// The counsellor removes Bart: he can read nothing shared afterwards.
	await fatima.page.getByRole('button', { name: 'Bart uit het gezin halen' }).click();
	await fatima.page.getByRole('button', { name: 'Ja' }).click();
	await expect(fatima.page.locator('[data-member]')).toHaveCount(2);
	await write(
		anna.page,
		{ ...VISION, text: 'Anna na het verwijderen' },
		{ visibility: 'Ook voor de andere ouder' }
	);
	await expect(fatimaShared).toContainText('Anna na het verwijderen', { timeout: 15_000 });
	// The server's word deletes nothing: his device says calmly that it is no longer let in.
	await bart.page.goto(family);
	await expect(bart.page.getByTestId('refused')).toContainText(
		'Misschien ben je uit het gezin gehaald.',
		{ timeout: 15_000 }
	);
	expect(await storedText(bart.page)).not.toContain('Anna na het verwijderen');
	const refused = await bart.page.request.get(`/api/spaces/${spaceId}/ops?after=0`, {
		headers: { authorization: `Bearer ${(await spaceToken(bart.page)).token}` }
	});
	expect(refused.status()).toBe(403);

	// A tampered op is set aside and reported, never applied.
	const latest = (
		await (
			await anna.page.request.get(`/api/spaces/${spaceId}/ops?after=0`, {
				headers: { authorization: `Bearer ${token}` }
			})
		).json()
	).ops.at(-1).body as string;
	const envelope = JSON.parse(latest);
	envelope.ciphertext =
		envelope.ciphertext.slice(0, -4) + (envelope.ciphertext.endsWith('AAAA') ? 'BBBB' : 'AAAA');
	const posted = await anna.page.request.post(`/api/spaces/${spaceId}/ops`, {
		headers: { authorization: `Bearer ${token}` },
		data: { ops: [JSON.stringify(envelope)] }
	});
	expect(posted.ok()).toBe(true);
	await expect(
		fatima.page.getByText('1 gedeeld item kon niet worden geopend of gecontroleerd')
	).toBeVisible({
		timeout: 15_000
	});
	await expect(fatimaShared).toContainText('Anna na het verwijderen');

	for (const p of [fatima, anna, bart, stranger, parent, late]) await p.context.close();
});
