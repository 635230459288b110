import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
	readRawDatabase,
	startParent,
	waitForServiceWorker,
	write,
	expectAccessible
} from './helpers';

const GOAL = {
	label: 'Mijn doelen',
	theme: 'Zorg en contact',
	text: 'Ik blijf rustig bij de overdracht.'
};
const VISION = {
	label: 'Mijn visie op ouderschap',
	theme: 'Informeren en overleggen',
	text: 'Ik wil een ouder zijn die luistert.'
};

/** A quick reflection on the statement starting with `statement`. */
async function quick(page: Page, statement: string, fit: RegExp, line: string) {
	await page.goto('/terugkijken/nieuw');
	await page.getByLabel('Over welke uitspraak van jou?').selectOption({ label: statement });
	await page.getByRole('radio', { name: fit }).check();
	await page.getByLabel('In één zin: wat gebeurde er?').fill(line);
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await expect(page).toHaveURL(/\/terugkijken\/[0-9a-f-]{36}$/);
}

test('a quick reflection from the home screen takes three choices, and is private by default', async ({
	page
}) => {
	await startParent(page);
	await write(page, GOAL);
	await page.goto('/');
	await page.getByRole('link', { name: 'Hoe ging het vandaag?' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Snel terugkijken');
	await expect(page.getByText('Nog niet opgeslagen')).toBeVisible();
	await page
		.getByLabel('Over welke uitspraak van jou?')
		.selectOption({ label: 'Ik blijf rustig bij de overdracht.' });
	await page.getByRole('radio', { name: /^Deels/ }).check();
	await page.getByLabel('In één zin: wat gebeurde er?').fill('Ik zuchtte, maar bleef vriendelijk');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await expect(page.getByText('Alleen voor mij. Je kunt dit later veranderen.')).toBeVisible();
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: 'screenshots/reflect-quick-phone.png', fullPage: true });
	await page.getByRole('link', { name: 'Klaar' }).click();

	const card = page.locator('article', { hasText: 'Ik zuchtte, maar bleef vriendelijk' }).first();
	await expect(card).toContainText('Deels');
	await expect(card.locator('.badge')).toHaveText('Alleen voor mij');
	const stored = await readRawDatabase(page, 'koers');
	expect((stored.stores.reflections as { visibility: string }[]).map((r) => r.visibility)).toEqual([
		'private'
	]);
});

test('a full reflection, started from a statement, keeps every part', async ({ page }) => {
	await startParent(page);
	await write(page, GOAL);
	await write(page, VISION);
	await page.goto('/mijn-koers');
	await page.getByRole('link', { name: /Hoe ging het met: Ik blijf rustig/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hoe ging het hiermee?');
	await page.getByRole('link', { name: 'Snel terugkijken' }).click();
	await expect(
		page.getByLabel('Over welke uitspraak van jou?').locator('option:checked')
	).toHaveText(GOAL.text);
	await page.getByRole('link', { name: 'Liever uitgebreid?' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uitgebreid terugkijken');
	await page.getByLabel('Wanneer was het?').fill('2026-01-15');
	await page.getByLabel('Wat gebeurde er?').fill('De overdracht liep uit.');
	await page.getByLabel('Wat deed jij?').fill('Ik bleef bij de auto wachten.');
	await page.getByRole('checkbox', { name: /Ik wil een ouder zijn die luistert/ }).check();
	await page.getByRole('checkbox', { name: /Ik blijf rustig/ }).check();
	await page.getByRole('radio', { name: /^Ja, het paste/ }).check();
	await page
		.getByRole('textbox', { name: 'Wat wil je de volgende keer doen?' })
		.fill('Eerder een bericht sturen.');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await page.screenshot({ path: 'screenshots/reflect-full-laptop.png', fullPage: true });
	await page.reload();
	await expect(page.getByLabel('Wat deed jij?')).toHaveValue('Ik bleef bij de auto wachten.');
	await expect(page.getByLabel('Wanneer was het?')).toHaveValue('2026-01-15');
	await expect(
		page.getByRole('checkbox', { name: /Ik wil een ouder zijn die luistert/ })
	).toBeChecked();
	await expect(page.getByRole('radio', { name: /^Ja, het paste/ })).toBeChecked();
});

test('a rating of the other parent has no field; a parent reflects on their own actions', async ({
	page
}) => {
	await startParent(page);
	await write(page, GOAL);
	await page.goto('/terugkijken/nieuw?uitgebreid=1');
	await expect(
		page.getByText('Je kijkt terug op wat jij deed. Niet op de andere ouder.')
	).toBeVisible();
	// Every question is about the writer: what happened, what I did, next time, and my fit.
	const questions = await page
		.getByRole('textbox')
		.evaluateAll((boxes) =>
			boxes.map((box) => (box as HTMLTextAreaElement).labels?.[0]?.textContent?.trim())
		);
	expect(questions).toEqual([
		'Wanneer was het?',
		'Wat gebeurde er?',
		'Wat deed jij?',
		'Wat wil je de volgende keer doen?'
	]);
	await expect(
		page.getByRole('group', { name: 'Paste wat je deed bij wat je wilt?' })
	).toBeVisible();
});

test('per statement: reflections over time, a chart readable without colour, and its summary in words', async ({
	page
}) => {
	await startParent(page);
	await write(page, GOAL);
	await quick(page, GOAL.text, /^Ja, het paste/, 'Rustig gebleven');
	await quick(page, GOAL.text, /^Ja, het paste/, 'Weer rustig');
	await quick(page, GOAL.text, /^Nee, het paste niet/, 'Boos geworden');
	await page.goto('/mijn-koers');
	await page.getByRole('link', { name: /Hoe ging het met: Ik blijf rustig/ }).click();
	const chart = page.getByRole('figure');
	await expect(chart.locator('figcaption')).toHaveText(
		'Je keek 3 keer terug. 2 keer paste wat je deed (67%), 0 keer deels (0%) en 1 keer niet (33%).'
	);
	await expect(chart.locator('svg.bars text.count')).toHaveText(['2', '0', '1']);
	await expect(chart.locator('svg.strip > *')).toHaveCount(3);
	await expect(page.locator('article')).toHaveCount(3);
	await page.screenshot({ path: 'screenshots/reflect-timeline-laptop.png', fullPage: true });
});

test('the week view lists this week and gently suggests a goal not looked at for a while', async ({
	page
}) => {
	await page.clock.install({ time: new Date('2026-03-02T19:00:00') });
	await startParent(page);
	await write(page, GOAL);
	await write(page, VISION);
	await page.clock.fastForward(14 * 24 * 60 * 60 * 1000);
	await quick(page, GOAL.text, /^Deels/, 'Deze week gedaan');
	await page.goto('/terugkijken');
	const week = page.locator('section', { has: page.getByRole('heading', { name: 'Deze week' }) });
	await expect(week.getByText('Deze week gedaan')).toBeVisible();
	await expect(week.getByText(/16 maart 2026 tot en met 22 maart 2026/)).toBeVisible();
	const prompt = page.locator('section.revisit');
	await expect(prompt.getByRole('heading')).toHaveText('Al een tijdje niet naar gekeken');
	await expect(prompt).toContainText(VISION.text);
	await prompt.getByRole('link', { name: 'Terugkijken op deze' }).click();
	await expect(page.getByLabel('Over welke uitspraak van jou?')).toHaveValue(/.+/);
	await expect(
		page.getByLabel('Over welke uitspraak van jou?').locator('option:checked')
	).toHaveText(VISION.text);
});

test('the next conversation: set by hand, added to a calendar, and prepared for in the week before', async ({
	page
}) => {
	await page.clock.install({ time: new Date('2026-03-10T19:00:00') });
	await startParent(page);
	await write(page, VISION);
	await write(page, GOAL);
	await quick(page, GOAL.text, /^Ja, het paste/, 'Om mee te nemen');
	await quick(page, GOAL.text, /^Nee, het paste niet/, 'Liever niet mee');

	await page.goto('/terugkijken');
	await page.getByLabel('Datum').fill('2026-03-14');
	await page.getByLabel('Tijd (niet verplicht)').fill('14:30');
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByText('14 maart 2026 om 14:30')).toBeVisible();
	await expect(page.getByText('Nog 4 dagen.')).toBeVisible();

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Zet in je agenda' }).click()
	]);
	expect(download.suggestedFilename()).toBe('koers-gesprek-2026-03-14.ics');
	const ics = readFileSync((await download.path())!, 'utf8');
	expect(ics).toContain('DTSTART:20260314T143000');
	expect(ics).toContain('SUMMARY:Gesprek met de gezinsvertegenwoordigers');

	await page.goto('/');
	await expect(page.getByText('Nog 4 dagen. Wil je je voorbereiden?')).toBeVisible();
	await page.getByRole('link', { name: 'Voorbereiden' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voorbereiden op het gesprek');
	await expect(page.getByText(VISION.text)).toBeVisible();
	const bring = page
		.locator('li', { hasText: 'Om mee te nemen' })
		.getByRole('checkbox', { name: 'Meenemen naar het gesprek' });
	await bring.check();
	await page
		.getByRole('textbox', { name: '3. Waar wil je over praten?' })
		.fill('De verjaardag van Noor');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await page.screenshot({ path: 'screenshots/prepare-laptop.png', fullPage: true });
	await page.reload();
	await expect(page.getByRole('textbox', { name: '3. Waar wil je over praten?' })).toHaveValue(
		'De verjaardag van Noor'
	);
	await expect(bring).toBeChecked();

	await page.goto('/terugkijken');
	await expect(
		page.locator('article', { hasText: 'Om mee te nemen' }).first().locator('.badge')
	).toHaveText('Voor het gesprek');
	await expect(
		page.locator('article', { hasText: 'Liever niet mee' }).first().locator('.badge')
	).toHaveText('Alleen voor mij');
	const stored = await readRawDatabase(page, 'koers');
	const byLine = Object.fromEntries(
		(stored.stores.reflections as { visibility: string; payload: { note: string } }[]).map((r) => [
			r.payload.note,
			r.visibility
		])
	);
	expect(byLine).toEqual({ 'Om mee te nemen': 'counsellors', 'Liever niet mee': 'private' });
});

test('search and filters, delete with undo, and a deleted statement shown as deleted', async ({
	page
}) => {
	await startParent(page);
	await write(page, GOAL);
	await write(page, VISION);
	await quick(page, GOAL.text, /^Ja, het paste/, 'Rustig gebleven bij school');
	await quick(page, VISION.text, /^Nee, het paste niet/, 'Niet geluisterd');
	await page.goto('/terugkijken');
	await page.getByText('Zoeken en kiezen').click();
	await page.getByLabel('Zoeken', { exact: true }).fill('school');
	const all = page.locator('section', {
		has: page.getByRole('heading', { name: 'Alles wat je terugkeek' })
	});
	await expect(all.locator('article')).toHaveCount(1);
	await page.getByLabel('Zoeken', { exact: true }).fill('');
	await page.getByLabel('Paste het?').selectOption({ label: 'Nee, het paste niet' });
	await expect(all.locator('article')).toHaveText([/Niet geluisterd/]);
	await page.getByLabel('Paste het?').selectOption({ label: 'Alles' });
	await page.getByLabel('Onderwerp').selectOption({ label: 'Zorg en contact' });
	await expect(all.locator('article')).toHaveText([/Rustig gebleven/]);
	await page.getByLabel('Onderwerp').selectOption({ label: 'Alles' });
	await page.getByLabel('Vanaf').fill('2030-01-01');
	await expect(page.getByText('Niets gevonden met deze keuzes.')).toBeVisible();
	await page.getByLabel('Vanaf').fill('');

	await all
		.locator('article', { hasText: 'Niet geluisterd' })
		.getByRole('button', { name: /Verwijder/ })
		.click();
	await expect(all.locator('article')).toHaveCount(1);
	await page.getByRole('button', { name: 'Ongedaan maken' }).click();
	await expect(all.locator('article')).toHaveCount(2);
	await all
		.locator('article', { hasText: 'Rustig gebleven' })
		.getByRole('button', { name: /Verwijder/ })
		.click();
	await page.getByRole('button', { name: 'Sluiten' }).click();
	await page.getByRole('link', { name: 'Verwijderd (1)' }).click();
	await expect(page.getByText('Nog 30 dagen terug te zetten')).toBeVisible();
	await page.getByRole('button', { name: /Zet terug: Rustig gebleven/ }).click();
	await expect(page.getByText('Er is niets verwijderd.')).toBeVisible();
	await page.goto('/terugkijken');

	await page.goto('/mijn-koers');
	await page.getByRole('button', { name: /Verwijder: Ik wil een ouder/ }).click();
	await expect(
		page.getByText('Verwijderd. Je kunt het 30 dagen terugvinden bij Verwijderd.')
	).toBeVisible();
	await page.goto('/terugkijken');
	await expect(all.locator('article', { hasText: 'Niet geluisterd' })).toContainText(
		'Over: een verwijderde uitspraak'
	);
});

test('reflections work offline and survive an offline reload', async ({ page, context }) => {
	await startParent(page);
	await write(page, GOAL);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await quick(page, GOAL.text, /^Ja, het paste/, 'Offline teruggekeken');
	await page.goto('/terugkijken');
	await page.reload();
	await expect(page.getByText('Offline teruggekeken').first()).toBeVisible();
});

test('axe finds nothing on the Terugkijken screens, at phone and laptop width', async ({
	page
}) => {
	// Many screens, each checked twice: more than the default time on a busy machine.
	test.slow();
	await page.clock.install({ time: new Date('2026-03-10T19:00:00') });
	await startParent(page);
	await write(page, GOAL);
	const statementUrl = page.url();
	await quick(page, GOAL.text, /^Ja, het paste/, 'Goed gegaan');
	const reflectionUrl = page.url();
	await page.goto('/terugkijken');
	await page.getByLabel('Datum').fill('2026-03-12');
	await page.getByRole('button', { name: 'Opslaan' }).click();
	const statementId = statementUrl.split('/').pop();
	for (const url of [
		'/',
		'/terugkijken',
		'/terugkijken/nieuw',
		'/terugkijken/nieuw?uitgebreid=1',
		reflectionUrl,
		`/terugkijken/uitspraak/${statementId}`,
		'/terugkijken/voorbereiden'
	]) {
		await page.goto(url);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectAccessible(page, url);
	}
	// Without a family nothing is shared yet, and preparing says so.
	await expect(page.getByText(/^Je apparaten zijn nog niet verbonden/)).toBeVisible();
	await page.goto('/terugkijken');
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: 'screenshots/reflect-overview-phone.png', fullPage: true });
	await page.goto('/');
	await page.screenshot({ path: 'screenshots/home-parent-prepare-phone.png', fullPage: true });
});

test('nothing typed is lost: an unfinished reflection is a draft, an edit survives an abrupt close', async ({
	context
}) => {
	const page = await context.newPage();
	await startParent(page);
	await write(page, GOAL);
	await page.goto('/terugkijken/nieuw');
	await page.getByLabel('Over welke uitspraak van jou?').selectOption({ label: GOAL.text });
	await expect(page.getByText('Nog niet opgeslagen')).toBeVisible();
	await page.waitForTimeout(400);
	await page.reload();
	await expect(page.getByText('Wat je invulde, is bewaard op dit apparaat')).toBeVisible();
	await expect(
		page.getByLabel('Over welke uitspraak van jou?').locator('option:checked')
	).toHaveText(GOAL.text);

	await page.getByRole('radio', { name: /^Ja, het paste/ }).check();
	await expect(page).toHaveURL(/\/terugkijken\/[0-9a-f-]{36}$/);
	const address = page.url();
	await page.goto(address);
	await page
		.getByRole('textbox', { name: 'Wat gebeurde er?' })
		.fill('Ik schreef dit en sloot meteen');
	await page.close();

	const again = await context.newPage();
	await again.goto(address);
	await expect(again.getByRole('textbox', { name: 'Wat gebeurde er?' })).toHaveValue(
		'Ik schreef dit en sloot meteen'
	);
});

test('a reflection too large to share says so while typing, and stays as a draft after a reload', async ({
	page
}) => {
	await startParent(page);
	await page.goto('/terugkijken/nieuw?uitgebreid=1');
	// Each field is within its 5,000 characters; together, in 4-byte characters, too large.
	const long = '😀'.repeat(4900);
	const happened = page.getByRole('textbox', { name: 'Wat gebeurde er?' });
	const did = page.getByRole('textbox', { name: 'Wat deed jij?' });
	const nextTime = page.getByRole('textbox', { name: 'Wat wil je de volgende keer doen?' });
	await happened.fill(long);
	await expect(page).toHaveURL(/\/terugkijken\/[0-9a-f-]{36}$/);
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await did.fill(long);
	await nextTime.fill(long);
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Wat je schreef, is samen te lang om op te slaan.');
	await expect(alert).toContainText(/Maak het ongeveer \d+ tekens korter/);

	await page.waitForTimeout(400);
	await page.reload();
	await expect(page.getByText('Wat je invulde, is bewaard op dit apparaat')).toBeVisible();
	for (const field of [happened, did, nextTime]) await expect(field).toHaveValue(long);
	await expect(alert).toContainText('te lang om op te slaan');
});
