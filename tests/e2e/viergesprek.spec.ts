import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, write } from './helpers';
import { createFamily, person, sayYes, storedText, inviteIn } from './family-helpers';

const THEME = 'Zorg en contact';
const ANNA_VISION = 'Ik wil dat de kinderen zich bij ons allebei thuis voelen.';
const ANNA_GOAL = 'Ik draag de kinderen rustig over, zonder discussie.';
const ANNA_SECRET = 'Alleen voor mij: ik ben nog boos over de verhuizing.';
const BART_VISION = 'Een thuis bij allebei, met dezelfde bedtijden.';
const REFLECTION = 'Rustig overgedragen bij school';
const NOTE = 'Vertrouwelijk: spanning bij de overdracht op vrijdag.';
const AGREEMENT = 'De kinderen wisselen op vrijdag om 17:00 bij school.';
const AGREEMENT_2 = 'De kinderen wisselen op vrijdag om 17:30 bij school.';

test.use({ actionTimeout: 20_000 });

function inDays(days: number): string {
	const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
	return date.toISOString().slice(0, 10);
}

const tile = (page: Page, text: string) => page.locator('[data-statement]', { hasText: text });
const card = (page: Page, text: string) => page.locator('[data-agreement]', { hasText: text });

async function accessibleAt(page: Page, sizes: [number, number][], label: string) {
	for (const [width, height] of sizes) {
		await page.setViewportSize({ width, height });
		const result = await new AxeBuilder({ page }).analyze();
		expect(
			result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
			`${label} at ${width}`
		).toEqual([]);
	}
}

/** Screenshots at phone and laptop width, to look at. */
async function look(page: Page, name: string, path: (file: string) => string) {
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: path(`${name}-${width}.png`), fullPage: true });
	}
}

test('the viergesprek: agenda, both parents side by side, shared ground, agreements confirmed by both, summary, offline', async ({
	browser
}, testInfo) => {
	test.setTimeout(300_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const anna = await person(browser, 'Anna', 'parent');
	const bart = await person(browser, 'Bart', 'parent');
	const family = await createFamily(fatima.page, 'Gezin Jansen');
	for (const parent of [anna, bart])
		await inviteIn(fatima.page, parent.page, 'Een ouder', 'Gezin Jansen');
	// Bart came in after Anna: what Anna shares reaches him only after her yes.
	await sayYes(anna.page, family, 'Bart');

	await test.step('parents prepare', async () => {
		const vision = { label: 'Mijn visie op ouderschap', theme: THEME };
		await write(anna.page, { ...vision, text: ANNA_VISION }, { visibility: 'Voor het gesprek' });
		await write(
			anna.page,
			{ label: 'Mijn doelen', theme: THEME, text: ANNA_GOAL },
			{ visibility: 'Ook voor de andere ouder' }
		);
		await write(anna.page, { ...vision, text: ANNA_SECRET });
		await write(bart.page, { ...vision, text: BART_VISION }, { visibility: 'Voor het gesprek' });
		await anna.page.goto('/terugkijken/nieuw');
		await anna.page.getByLabel('Over welke uitspraak van jou?').selectOption({ label: ANNA_GOAL });
		await anna.page.getByRole('radio', { name: /^Ja, het paste/ }).check();
		await anna.page.getByLabel('In één zin: wat gebeurde er?').fill(REFLECTION);
		await expect(anna.page.getByText('Opgeslagen')).toBeVisible();
		await anna.page.goto('/terugkijken/voorbereiden');
		await anna.page
			.locator('li', { hasText: REFLECTION })
			.getByRole('checkbox', { name: 'Meenemen naar het gesprek' })
			.check();
		// Anna is in the family: what she ticks goes at once, and the page says so.
		await expect(anna.page.getByText(/^Wat je aanvinkt, gaat meteen/)).toBeVisible();
		await expect(anna.page.getByText('Er wordt nu niets gedeeld')).toHaveCount(0);
	});

	const date = inDays(7);
	await test.step('the counsellor plans the conversation and builds its agenda', async () => {
		await fatima.page.goto(`${family}/gesprekken`);
		await fatima.page.getByLabel('Datum').fill(date);
		await fatima.page.getByLabel('Tijd (niet verplicht)').fill('19:30');
		await fatima.page.getByRole('button', { name: 'Gesprek plannen' }).click();
		await expect(fatima.page.getByText('Het gesprek is gepland.')).toBeVisible();
		await fatima.page.goto(family);
		await fatima.page.getByRole('link', { name: 'Agenda bekijken' }).click();
		const brought = fatima.page.locator('[data-brought]', { hasText: REFLECTION });
		await expect(brought).toBeVisible({ timeout: 20_000 });
		await brought.getByRole('button', { name: 'Op de agenda' }).click();
		await fatima.page.getByLabel('Onderwerp', { exact: true }).fill('De zomervakantie');
		await fatima.page.getByRole('button', { name: 'Op de agenda zetten' }).click();
		const agenda = fatima.page.locator('[data-agenda-item]');
		await expect(agenda).toHaveCount(2);

		const [download] = await Promise.all([
			fatima.page.waitForEvent('download'),
			fatima.page.getByRole('button', { name: 'Zet in je agenda' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/\.ics$/);
		await look(fatima.page, 'agenda', testInfo.outputPath.bind(testInfo));
		await expectAccessible(fatima.page, 'conversation page');
		await fatima.page.goto(`${family}/gesprekken`);
		await expect(fatima.page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectAccessible(fatima.page, 'conversations');
		await look(fatima.page, 'conversations', testInfo.outputPath.bind(testInfo));

		// Bart's device names Anna's point but cannot read it: it was for the counsellors.
		await bart.page.goto(family);
		await bart.page.getByRole('link', { name: 'Agenda bekijken' }).click();
		await expect(bart.page.getByText('Een punt van Anna')).toBeVisible({ timeout: 20_000 });
		await expect(bart.page.getByText('De zomervakantie')).toBeVisible();
		await expect(bart.page.getByText(REFLECTION)).toHaveCount(0);
		// Anna's own next conversation is now the planned one.
		await anna.page.goto('/terugkijken');
		await expect(anna.page.getByText('Gepland in het gezin')).toBeVisible({ timeout: 20_000 });
		await anna.page.goto('/');
		await expect(anna.page.getByText('Nog 7 dagen. Wil je je voorbereiden?')).toBeVisible();
	});

	let conversationUrl = '';
	await test.step('conversation mode shows exactly what was shared, side by side', async () => {
		await fatima.page.goto(family);
		await fatima.page.getByRole('link', { name: 'Gesprek beginnen' }).click();
		await expect(fatima.page).toHaveURL(/\/gesprek\//);
		conversationUrl = fatima.page.url();
		await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText('Agenda');
		await expect(fatima.page.getByText('Gezin Jansen')).toBeVisible();
		// On a TV the whole screen can go to the conversation.
		await fatima.page.getByRole('button', { name: 'Volledig scherm' }).click();
		await expect(fatima.page.getByRole('button', { name: 'Volledig scherm uit' })).toBeVisible();
		await fatima.page.getByRole('button', { name: 'Volledig scherm uit' }).click();
		await expect(fatima.page.getByRole('button', { name: 'Volledig scherm' })).toBeVisible();
		await expect(fatima.page.locator('[data-agenda-item]')).toHaveCount(2);
		// By keyboard: the next part with the arrow key, back with Page Up.
		await fatima.page.keyboard.press('ArrowRight');
		await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText(THEME);
		await fatima.page.keyboard.press('PageUp');
		await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText('Agenda');
		await fatima.page.getByRole('button', { name: THEME, exact: true }).click();
		await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText(THEME);
		await expect(fatima.page.getByRole('heading', { name: 'Anna', level: 2 })).toBeVisible();
		await expect(fatima.page.getByRole('heading', { name: 'Bart', level: 2 })).toBeVisible();
		await expect(tile(fatima.page, ANNA_VISION)).toBeVisible();
		await expect(tile(fatima.page, BART_VISION)).toBeVisible();
		await expect(tile(fatima.page, ANNA_GOAL)).toContainText('Anna keek 1 keer terug op dit doel.');
		await expect(fatima.page.getByText(ANNA_SECRET)).toHaveCount(0);
		// Body text readable from two metres on the big screen.
		await fatima.page.setViewportSize({ width: 1920, height: 1080 });
		const size = await tile(fatima.page, ANNA_VISION)
			.locator('.text')
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(size).toBeGreaterThanOrEqual(24);
		expect(await storedText(fatima.page)).not.toContain(ANNA_SECRET);
		await fatima.page.getByRole('button', { name: THEME, exact: true }).click();

		// On a parent's device the same screen shows only what that device may read.
		await bart.page.goto(family);
		await bart.page.getByRole('link', { name: 'Gespreksscherm openen' }).click();
		await bart.page.getByRole('button', { name: THEME, exact: true }).click();
		await expect(tile(bart.page, ANNA_GOAL)).toBeVisible();
		await expect(tile(bart.page, BART_VISION)).toBeVisible();
		await expect(bart.page.getByText(ANNA_VISION)).toHaveCount(0);
		// Linking and hiding are for whoever leads the conversation, not a parent's own phone.
		await expect(tile(bart.page, BART_VISION).getByRole('button')).toHaveCount(0);
		await expect(fatima.page.getByRole('button', { name: 'Verbinden' }).first()).toBeVisible();
		// A column where a parent shared nothing says so, without blame.
		await expect(bart.page.getByText('Van Anna is hier nog niets gedeeld.').first()).toBeVisible();
		await look(bart.page, 'conversation-parent', testInfo.outputPath.bind(testInfo));
	});

	await test.step('shared ground is linked, removed and linked again; an item is hidden', async () => {
		const page = fatima.page;
		await tile(page, ANNA_VISION).getByRole('button', { name: 'Verbinden' }).click();
		await tile(page, BART_VISION).getByRole('button', { name: 'Hiermee verbinden' }).click();
		await expect(tile(page, ANNA_VISION)).toHaveAttribute('data-pair', '1');
		await expect(tile(page, BART_VISION)).toHaveAttribute('data-pair', '1');
		const ground = page.getByRole('region', { name: 'Wat jullie allebei belangrijk vinden' });
		await expect(ground).toContainText(ANNA_VISION);
		await ground.getByRole('button', { name: 'Verbinding weghalen' }).click();
		await expect(ground).toHaveCount(0);
		await expect(tile(page, BART_VISION)).not.toHaveAttribute('data-pair', /./);
		await tile(page, BART_VISION).getByRole('button', { name: 'Verbinden' }).click();
		await tile(page, ANNA_VISION).getByRole('button', { name: 'Hiermee verbinden' }).click();
		await expect(ground).toContainText(BART_VISION);

		await tile(page, ANNA_GOAL)
			.getByRole('button', { name: /^Verbergen/ })
			.click();
		await expect(tile(page, ANNA_GOAL)).toHaveCount(0);
		await page.reload();
		await page.getByRole('button', { name: THEME, exact: true }).click();
		await expect(tile(page, ANNA_VISION)).toBeVisible();
		await expect(tile(page, ANNA_GOAL)).toHaveCount(0);
		await expect(page.getByRole('button', { name: '1 verborgen item weer tonen' })).toBeVisible();

		for (const [width, height] of [
			[1920, 1080],
			[768, 1024]
		] as const) {
			await page.setViewportSize({ width, height });
			await page.screenshot({
				path: testInfo.outputPath(`conversation-${width}.png`),
				fullPage: true
			});
		}
		await accessibleAt(
			page,
			[
				[1920, 1080],
				[768, 1024]
			],
			'conversation mode'
		);
	});

	await test.step('an agreement is agreed only when both confirmed the same version', async () => {
		const page = fatima.page;
		await page.setViewportSize({ width: 1920, height: 1080 });
		await page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
		await page.getByLabel('De afspraak').fill(AGREEMENT);
		// What is typed survives a reload before it is saved.
		await page.waitForTimeout(400);
		await page.reload();
		await page.getByRole('button', { name: THEME, exact: true }).click();
		await page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
		await expect(page.getByLabel('De afspraak')).toHaveValue(AGREEMENT);
		await page.getByLabel('Wie doet wat').fill('Anna brengt, Bart haalt.');
		await page.getByRole('button', { name: 'Afspraak opslaan' }).click();
		await expect(card(page, AGREEMENT)).toHaveAttribute('data-status', 'proposed');

		// Anna confirms on her own device.
		await anna.page.goto(`${family}/afspraken`);
		await card(anna.page, AGREEMENT)
			.getByRole('button', { name: 'Ik ga akkoord met deze versie' })
			.click({ timeout: 20_000 });
		await expect(card(page, AGREEMENT)).toHaveAttribute('data-status', 'confirmed-by-one', {
			timeout: 20_000
		});
		// Bart agrees in the room; the counsellor records it as witnessed.
		await card(page, AGREEMENT)
			.getByRole('button', { name: 'Bart gaat akkoord (in het gesprek)' })
			.click();
		// Written down only after one more check, since Bart will see it on his own device.
		await expect(card(page, AGREEMENT)).toHaveAttribute('data-status', 'confirmed-by-one');
		await card(page, AGREEMENT).getByRole('button', { name: 'Ja, vastleggen' }).click();
		await expect(card(page, AGREEMENT)).toHaveAttribute('data-status', 'agreed');
		await bart.page.goto(`${family}/afspraken`);
		await expect(card(bart.page, AGREEMENT)).toHaveAttribute('data-status', 'agreed', {
			timeout: 20_000
		});
		await expect(card(bart.page, AGREEMENT)).toContainText(
			'akkoord in het gesprek, vastgelegd door Fatima'
		);

		// A change is a new version that needs both again; the agreed one still holds meanwhile.
		await card(page, AGREEMENT).getByRole('button', { name: 'Wijzigen' }).click();
		await page.getByLabel('De afspraak').fill(AGREEMENT_2);
		await page.getByRole('button', { name: 'Nieuwe versie opslaan' }).click();
		const changed = card(page, AGREEMENT_2);
		await expect(changed).toHaveAttribute('data-status', 'proposed');
		await expect(changed).toContainText('Tot dan geldt versie 1');
		await changed.getByText('Geschiedenis (2 versies)').click();
		await expect(changed).toContainText(AGREEMENT);
		await expect(card(bart.page, AGREEMENT_2)).toHaveAttribute('data-status', 'proposed', {
			timeout: 20_000
		});

		// Counsellors look agreements up later, earlier versions included.
		await page.goto(`${family}/afspraken`);
		await page.getByLabel('Zoeken in de afspraken').fill('17:00');
		await expect(page.getByText('1 afspraak gevonden.')).toBeVisible();
		await expect(card(page, AGREEMENT_2)).toBeVisible();
		await page.getByLabel('Zoeken in de afspraken').fill('verjaardag');
		await expect(page.locator('[data-agreement]')).toHaveCount(0);
		await page.getByLabel('Zoeken in de afspraken').fill('');
		await look(page, 'agreements', testInfo.outputPath.bind(testInfo));
		await expectAccessible(page, 'agreements');
	});

	await test.step('counsellor notes never reach the parents', async () => {
		await fatima.page.goto(`${family}/notities`);
		await fatima.page.getByLabel('Nieuwe notitie').fill(NOTE);
		await fatima.page.getByRole('button', { name: 'Notitie opslaan' }).click();
		await expect(fatima.page.getByText(NOTE)).toBeVisible();
		await expectAccessible(fatima.page, 'notes');
		// Wait until it was sent, then check what the parents' devices hold.
		await fatima.page.goto(family);
		await expect(fatima.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 20_000 });
		for (const parent of [anna, bart]) {
			await parent.page.goto(family);
			await expect(parent.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 20_000 });
			expect(await storedText(parent.page)).not.toContain('Vertrouwelijk');
		}
	});

	await test.step('offline in the room the conversation goes on, and syncs later', async () => {
		await fatima.context.setOffline(true);
		await fatima.page.goto(conversationUrl);
		await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText('Agenda');
		await fatima.page.getByRole('button', { name: 'Afspraken', exact: true }).click();
		await fatima.page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
		await fatima.page
			.getByLabel('Onderwerp')
			.selectOption({ label: 'Vakanties, feestdagen en bijzondere dagen' });
		await fatima.page.getByLabel('De afspraak').fill('De zomervakantie delen we in twee helften.');
		await fatima.page.getByRole('button', { name: 'Afspraak opslaan' }).click();
		await expect(card(fatima.page, 'twee helften')).toBeVisible();
		for (const [path, title] of [
			['afspraken', 'Afspraken: Gezin Jansen'],
			['gesprekken', 'Gesprekken'],
			['notities', 'Notities: Gezin Jansen']
		] as const) {
			await fatima.page.goto(`${family}/${path}`);
			await expect(fatima.page.getByRole('heading', { level: 1 })).toHaveText(title);
		}
		await look(fatima.page, 'notes', testInfo.outputPath.bind(testInfo));
		await fatima.context.setOffline(false);
		await anna.page.goto(`${family}/afspraken`);
		await expect(card(anna.page, 'twee helften')).toBeVisible({ timeout: 30_000 });
	});

	await test.step('the summary is shared, printed, and found on each parent device', async () => {
		const page = fatima.page;
		await page.goto(conversationUrl);
		await page.getByRole('button', { name: 'Afronden', exact: true }).click();
		await page.getByLabel('Datum').fill(inDays(35));
		await page.getByRole('button', { name: 'Gesprek afronden en samenvatting delen' }).click();
		const summary = page.locator('[data-summary]');
		await expect(summary).toContainText(AGREEMENT_2);
		await expect(summary).toContainText(THEME);
		await expect(summary).toContainText('De zomervakantie');
		await page.evaluate(() => {
			(window as unknown as { printed: number }).printed = 0;
			window.print = () => void (window as unknown as { printed: number }).printed++;
		});
		await page.getByRole('button', { name: 'Afdrukken of bewaren als pdf' }).click();
		expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.site-header')).toBeHidden();
		await expect(page.getByRole('button', { name: 'Afdrukken of bewaren als pdf' })).toBeHidden();
		const pdf = await page.pdf();
		expect(pdf.byteLength).toBeGreaterThan(1000);
		await page.emulateMedia({ media: 'screen' });
		await look(page, 'summary', testInfo.outputPath.bind(testInfo));
		await expectAccessible(page, 'summary');

		for (const parent of [anna, bart]) {
			await parent.page.goto(`${family}/gesprekken`);
			await parent.page
				.getByRole('link', { name: /Samenvatting van het gesprek van/ })
				.first()
				.click({ timeout: 20_000 });
			await expect(parent.page.locator('[data-summary]')).toContainText(AGREEMENT_2);
		}

		// Held, it is no longer the next conversation: the one planned at closing is.
		const heldPath = new URL(conversationUrl).pathname;
		const heldId = heldPath.split('/').at(-1)!;
		await page.goto(family);
		const start = page.getByRole('link', { name: 'Gesprek beginnen' });
		await expect(start).toHaveAttribute('href', /\/gesprek\//);
		await expect(start).not.toHaveAttribute('href', heldPath);
		await page.goto(`${family}/gesprekken`);
		await expect(page.locator(`[data-conversation="${heldId}"]`)).toContainText('Gehouden');
		await anna.page.goto('/');
		await expect(anna.page.getByRole('heading', { level: 1 })).toHaveText('Hallo Anna');
		await expect(anna.page.getByText('Nog 7 dagen. Wil je je voorbereiden?')).toHaveCount(0);
	});
});

test('a parent without a device agrees in the room, witnessed by the counsellor', async ({
	browser
}, testInfo) => {
	test.setTimeout(120_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const anna = await person(browser, 'Anna', 'parent');
	const family = await createFamily(fatima.page, 'Gezin de Wit');
	await inviteIn(fatima.page, anna.page, 'Een ouder', 'Gezin de Wit');

	await fatima.page.goto(family);
	await fatima.page.getByLabel('Naam van de ouder').fill('Bart');
	await fatima.page.getByRole('button', { name: 'Ouder toevoegen' }).click();
	await expect(fatima.page.getByText('zonder apparaat', { exact: true })).toBeVisible();
	// A family has two parents: no third one can be added.
	await expect(fatima.page.getByLabel('Naam van de ouder')).toHaveCount(0);
	await look(fatima.page, 'family', testInfo.outputPath.bind(testInfo));

	await fatima.page.goto(`${family}/afspraken`);
	await fatima.page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
	await fatima.page.getByLabel('Onderwerp').selectOption({ label: 'Geld en kosten' });
	await fatima.page
		.getByLabel('De afspraak')
		.fill('We delen de schoolkosten half om half. <img src=x onerror="window.hacked=1">');
	await fatima.page.getByRole('button', { name: 'Afspraak opslaan' }).click();
	const agreement = card(fatima.page, 'schoolkosten');
	await expect(agreement).toHaveAttribute('data-status', 'proposed');
	// Markup is shown as the text it is, never run.
	await expect(agreement).toContainText('<img src=x onerror="window.hacked=1">');
	await expect(agreement.locator('img')).toHaveCount(0);
	expect(await fatima.page.evaluate(() => 'hacked' in window)).toBe(false);
	// Only a counsellor can record it for Bart; Anna's device offers her own confirmation only.
	await anna.page.goto(`${family}/afspraken`);
	const annaCard = card(anna.page, 'schoolkosten');
	await expect(annaCard).toBeVisible({ timeout: 20_000 });
	await expect(annaCard.getByRole('button', { name: /Bart gaat akkoord/ })).toHaveCount(0);
	await annaCard.getByRole('button', { name: 'Ik ga akkoord met deze versie' }).click();
	await expect(agreement).toHaveAttribute('data-status', 'confirmed-by-one', { timeout: 20_000 });
	await agreement.getByRole('button', { name: 'Bart gaat akkoord (in het gesprek)' }).click();
	await agreement.getByRole('button', { name: 'Ja, vastleggen' }).click();
	await expect(agreement).toHaveAttribute('data-status', 'agreed');
	await expect(annaCard).toHaveAttribute('data-status', 'agreed', { timeout: 20_000 });
	await expect(annaCard).toContainText('Bart: akkoord in het gesprek, vastgelegd door Fatima');

	// Taken out again (say, Bart now has a device of his own): the agreement needs both again.
	await fatima.page.goto(family);
	await fatima.page.getByRole('button', { name: 'Bart weghalen' }).click();
	await fatima.page.getByRole('button', { name: 'Ja', exact: true }).click();
	await expect(fatima.page.getByText('zonder apparaat', { exact: true })).toHaveCount(0);
	await expect(annaCard).toHaveAttribute('data-status', 'confirmed-by-one', { timeout: 20_000 });
});

test('a yes written down in the room reaches the parent, who can say it was not so', async ({
	browser
}, testInfo) => {
	test.setTimeout(150_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	const anna = await person(browser, 'Anna', 'parent');
	const family = await createFamily(fatima.page, 'Gezin Peters');
	await inviteIn(fatima.page, anna.page, 'Een ouder', 'Gezin Peters');

	await fatima.page.goto(`${family}/afspraken`);
	await fatima.page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
	await fatima.page.getByLabel('Onderwerp').selectOption({ label: 'Informeren en overleggen' });
	await fatima.page.getByLabel('De afspraak').fill('We bellen elke zondag om 19:00.');
	await fatima.page.getByRole('button', { name: 'Afspraak opslaan' }).click();
	const agreement = card(fatima.page, 'elke zondag');
	// Writing down Anna's yes takes one more step, and says she will see it.
	await agreement.getByRole('button', { name: 'Anna gaat akkoord (in het gesprek)' }).click();
	await expect(agreement.getByText(/Anna ziet op het eigen apparaat/)).toBeVisible();
	await expectAccessible(fatima.page, 'witness step');
	await agreement.getByRole('button', { name: 'Ja, vastleggen' }).click();
	await expect(agreement).toContainText('Anna: akkoord in het gesprek, vastgelegd door Fatima');

	// Anna's own device tells her, in her notices and on the agreement.
	await anna.page.goto(family);
	const notice = anna.page.locator('[data-notice="witnessed"]');
	await expect(notice).toContainText('Fatima schreef op', { timeout: 20_000 });
	await expect(notice).toContainText('We bellen elke zondag om 19:00.');
	await look(anna.page, 'notices', testInfo.outputPath.bind(testInfo));
	await expectAccessible(anna.page, 'notices');
	await notice.getByRole('link', { name: 'Bekijken bij de afspraken' }).click();
	const annaCard = card(anna.page, 'elke zondag');
	await expect(annaCard).toContainText('Fatima schreef op');
	await annaCard.getByRole('button', { name: 'Dat klopt niet' }).click();
	await annaCard.getByRole('button', { name: 'Ja, het klopt niet' }).click();
	await expect(annaCard).toContainText('Deze afspraak wacht weer op jouw akkoord.');
	await expect(
		annaCard.getByRole('button', { name: 'Ik ga akkoord met deze versie' })
	).toBeVisible();
	await expectAccessible(anna.page, 'objected');

	// The counsellor sees that the yes no longer counts: the agreement needs Anna again.
	await expect(agreement).not.toContainText('vastgelegd door Fatima', { timeout: 20_000 });
	await expect(
		agreement.getByRole('button', { name: 'Anna gaat akkoord (in het gesprek)' })
	).toBeVisible();
	// And Anna's notice is gone: there is nothing left to check.
	await anna.page.goto(family);
	await expect(anna.page.locator('[data-notice="witnessed"]')).toHaveCount(0);
});
