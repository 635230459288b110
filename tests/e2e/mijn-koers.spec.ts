import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import {
	addChildren,
	onboard,
	readRawDatabase,
	startParent,
	waitForServiceWorker,
	write,
	expectAccessible
} from './helpers';

mkdirSync('screenshots', { recursive: true });

const KINDS = [
	{
		label: 'Mijn visie op ouderschap',
		theme: 'Zorg en contact',
		text: 'Ik wil een rustige ouder zijn.'
	},
	{
		label: 'Mijn doelen',
		theme: 'School, opvoeding en keuzes',
		text: 'Over een half jaar gaan ze blij naar school.'
	},
	{
		label: 'Mijn toekomstplan',
		theme: 'Wonen en een rustige basis',
		text: 'Een vaste week met twee huizen.'
	},
	{
		label: 'Wat ik belangrijk vind',
		theme: 'Informeren en overleggen',
		text: 'Ik vertel het op tijd als iets verandert.'
	},
	{
		label: 'Wat de kinderen nodig hebben',
		theme: 'De stem van de kinderen',
		text: 'Noor wil haar vriendinnen blijven zien.'
	}
];

test('a parent writes a statement of each kind and finds them grouped after a reload', async ({
	page
}) => {
	await startParent(page);
	await expect(page.getByText('Je hebt nog niets opgeschreven')).toBeVisible();
	await addChildren(page, [
		['Noor', '2016'],
		['Sam jr', '2019']
	]);
	for (const [i, statement] of KINDS.entries()) {
		await write(page, statement, i === 4 ? { children: ['Noor'] } : {});
	}
	await page.goto('/mijn-koers');
	await page.reload();
	for (const statement of KINDS) {
		const kind = page.locator('section.kind', {
			has: page.getByRole('heading', { level: 2, name: statement.label })
		});
		const theme = kind.locator('section.theme', {
			has: page.getByRole('heading', { level: 3, name: statement.theme })
		});
		await expect(theme.getByText(statement.text)).toBeVisible();
	}
	await expect(page.getByText('Over: Noor', { exact: true })).toBeVisible();
	await expect(page.getByText('Over: alle kinderen')).toHaveCount(4);
	// New statements are private, and that is always in sight.
	await expect(page.locator('article').getByText('Alleen voor mij')).toHaveCount(5);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: 'screenshots/mijn-koers-phone.png', fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.screenshot({ path: 'screenshots/mijn-koers-laptop.png', fullPage: true });
});

test('guidance offers questions and examples; an example can be used as a start', async ({
	page
}) => {
	await startParent(page);
	await page.getByRole('link', { name: 'Nieuw opschrijven' }).click();
	await page.getByRole('radio', { name: /^Mijn doelen/ }).check();
	await page.getByLabel('Over welk onderwerp?').selectOption({ label: 'Geld en kosten' });
	const help = page.locator('details.guidance');
	await expect(
		help.getByText('Wat wil je dat er over een half jaar anders is voor de kinderen?')
	).toBeVisible();
	await expect(help.locator('ul.questions li')).toHaveCount(5);
	await expect(help.locator('ul.examples li')).toHaveCount(4);
	const firstExample = (await help.locator('ul.examples q').first().textContent())!;
	await help.getByRole('button', { name: 'Gebruik dit voorbeeld' }).first().click();
	await expect(page.getByLabel('Jouw tekst')).toHaveValue(firstExample);
	await expect(page.getByLabel('Jouw tekst')).toBeFocused();
	await expect(page.getByText('Opgeslagen')).toBeVisible();

	await page.getByLabel('Taal').selectOption('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Write something new');
	await expect(help.getByText('Questions to think about')).toBeVisible();
	await page.setViewportSize({ width: 390, height: 844 });
	await page.getByLabel('Language').selectOption('nl');
	await page.screenshot({ path: 'screenshots/editor-phone.png', fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.screenshot({ path: 'screenshots/editor-laptop.png', fullPage: true });
});

test('nothing typed is lost: a half-written new statement and an edit survive an abrupt close', async ({
	context
}) => {
	const page = await context.newPage();
	await startParent(page);
	await page.goto('/mijn-koers/nieuw');
	await page.getByRole('radio', { name: /^Mijn toekomstplan/ }).check();
	await page.getByLabel('Jouw tekst').fill('Half geschreven plan');
	await page.close();

	const again = await context.newPage();
	await again.goto('/mijn-koers');
	await expect(again.getByText('Half geschreven plan')).toBeVisible();
	await again.getByRole('link', { name: /Bewerk: Half geschreven plan/ }).click();
	await expect(again.getByRole('radio', { name: /^Mijn toekomstplan/ })).toBeChecked();
	await again.getByLabel('Jouw tekst').fill('Half geschreven plan, nu verder');
	await again.close();

	const third = await context.newPage();
	await third.goto('/mijn-koers');
	await expect(third.getByText('Half geschreven plan, nu verder')).toBeVisible();
});

test('a new statement without words yet keeps its choices as a draft', async ({ page }) => {
	await startParent(page);
	await page.goto('/mijn-koers/nieuw');
	await page.getByRole('radio', { name: /^Wat ik belangrijk vind/ }).check();
	await page.getByRole('radio', { name: /^Voor het gesprek/ }).check();
	await expect(page.getByText('Nog niet opgeslagen: schrijf eerst iets.')).toBeVisible();
	await page.waitForTimeout(400);
	await page.reload();
	await expect(page.getByRole('radio', { name: /^Wat ik belangrijk vind/ })).toBeChecked();
	await expect(page.getByRole('radio', { name: /^Voor het gesprek/ })).toBeChecked();
	await expect(page.getByText('Je tekst is bewaard op dit apparaat')).toBeVisible();
	await page.goto('/mijn-koers');
	await expect(page.getByText('Je hebt nog niets opgeschreven')).toBeVisible();
});

test('editing works offline and is still there after an offline reload', async ({
	page,
	context
}) => {
	await startParent(page);
	await write(page, KINDS[0]!);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.goto('/mijn-koers');
	await page.getByRole('link', { name: /Bewerk:/ }).click();
	await page.getByLabel('Jouw tekst').fill('Offline aangepast');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await write(page, { ...KINDS[1]!, text: 'Offline nieuw doel' });
	await page.goto('/mijn-koers');
	await page.reload();
	await expect(page.getByText('Offline aangepast')).toBeVisible();
	await expect(page.getByText('Offline nieuw doel')).toBeVisible();
});

test('history keeps every earlier text with its date, and an earlier text can be restored', async ({
	page
}) => {
	await page.clock.install({ time: new Date('2026-03-02T20:00:00') });
	await startParent(page);
	await write(page, { ...KINDS[0]!, text: 'Wat ik in maart schreef' });
	await page.clock.fastForward('24:00:00');
	await page.getByLabel('Jouw tekst').fill('Wat ik later schreef');
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await page.getByRole('link', { name: 'Eerdere versies' }).click();
	const earlier = page.locator('li.card', { hasText: 'Wat ik in maart schreef' });
	await expect(earlier.getByRole('heading')).toHaveText(/2 maart 2026/);
	await expect(page.locator('li.current')).toContainText('Wat ik later schreef');

	await earlier.getByRole('button', { name: 'Deze tekst terugzetten' }).click();
	await expect(page.locator('li.current')).toContainText('Wat ik in maart schreef');
	await expect(
		page.locator('li.card', { hasText: 'Wat ik later schreef' }).getByRole('button')
	).toBeVisible();
	await expect(page.getByText('De oude tekst staat er weer.')).toBeVisible();
	await page.screenshot({ path: 'screenshots/history-laptop.png', fullPage: true });
});

test('delete with undo, and find it back under Verwijderd', async ({ page }) => {
	await startParent(page);
	await write(page, KINDS[0]!);
	await write(page, KINDS[1]!);
	await page.goto('/mijn-koers');
	await page.getByRole('button', { name: /Verwijder: Ik wil een rustige/ }).click();
	await expect(page.getByText(KINDS[0]!.text)).toHaveCount(0);
	await page.getByRole('button', { name: 'Ongedaan maken' }).click();
	await expect(page.getByText(KINDS[0]!.text)).toBeVisible();

	await page.getByRole('button', { name: /Verwijder: Over een half jaar/ }).click();
	await page.getByRole('button', { name: 'Sluiten' }).click();
	await page.getByRole('link', { name: 'Verwijderd (1)' }).click();
	await expect(page.getByText('Nog 30 dagen terug te zetten')).toBeVisible();
	await page.screenshot({ path: 'screenshots/trash-laptop.png', fullPage: true });
	await page.getByRole('button', { name: /Zet terug: Over een half jaar/ }).click();
	await expect(page.getByText('Er is niets verwijderd.')).toBeVisible();
	await page.goto('/mijn-koers');
	await expect(page.getByText(KINDS[1]!.text)).toBeVisible();
});

test('a deleted statement can be removed for good at once, after a second yes', async ({
	page
}) => {
	await startParent(page);
	await write(page, KINDS[0]!);
	await page.goto('/mijn-koers');
	await page.getByRole('button', { name: /Verwijder: Ik wil een rustige/ }).click();
	await page.goto('/mijn-koers/verwijderd');
	await page.getByRole('button', { name: /Verwijder voorgoed: Ik wil een rustige/ }).click();
	await page.getByRole('button', { name: 'Nee, laten staan' }).click();
	await expect(page.getByText(KINDS[0]!.text)).toBeVisible();

	await page.getByRole('button', { name: /Verwijder voorgoed: Ik wil een rustige/ }).click();
	await expect(
		page.getByText('Voorgoed verwijderen? Dit kun je niet meer terugzetten.')
	).toBeVisible();
	await page.getByRole('button', { name: 'Ja, voorgoed weg' }).click();
	await expect(page.getByText('Er is niets verwijderd.')).toBeVisible();
	const stored = await readRawDatabase(page, 'koers');
	expect(JSON.stringify(stored)).not.toContain(KINDS[0]!.text);
});

test('each statement carries one of the three visibility levels, stored and shown', async ({
	page
}) => {
	await startParent(page);
	await write(page, { ...KINDS[0]!, text: 'Privé tekst' });
	await write(
		page,
		{ ...KINDS[1]!, text: 'Voor het gesprek tekst' },
		{ visibility: 'Voor het gesprek' }
	);
	await write(
		page,
		{ ...KINDS[2]!, text: 'Voor iedereen tekst' },
		{ visibility: 'Ook voor de andere ouder' }
	);
	await expect(page.getByText('Er wordt nu niets gedeeld')).toBeVisible();
	await page.goto('/mijn-koers');
	for (const [text, label] of [
		['Privé tekst', 'Alleen voor mij'],
		['Voor het gesprek tekst', 'Voor het gesprek'],
		['Voor iedereen tekst', 'Ook voor de andere ouder']
	]) {
		await expect(page.locator('article', { hasText: text }).locator('.badge')).toHaveText(label!);
	}
	const stored = await readRawDatabase(page, 'koers');
	const byText = Object.fromEntries(
		(stored.stores.statements as { visibility: string; payload: { text: string } }[]).map((s) => [
			s.payload.text,
			s.visibility
		])
	);
	expect(byText).toEqual({
		'Privé tekst': 'private',
		'Voor het gesprek tekst': 'counsellors',
		'Voor iedereen tekst': 'family'
	});
});

test('search finds statements by text, kind, theme and child', async ({ page }) => {
	await startParent(page);
	await addChildren(page, [['Noor', '2016']]);
	await write(page, KINDS[0]!);
	await write(page, KINDS[1]!);
	await write(page, KINDS[4]!, { children: ['Noor'] });
	await page.goto('/mijn-koers');
	const search = page.getByLabel('Zoeken in mijn koers');
	await search.fill('RUSTIGE');
	await expect(page.locator('article')).toHaveCount(1);
	await expect(page.getByText('1 uitspraak gevonden')).toBeVisible();
	await search.fill('doelen');
	await expect(page.locator('article')).toHaveText([new RegExp(KINDS[1]!.text)]);
	await search.fill('school');
	await expect(page.locator('article')).toHaveCount(1);
	await search.fill('noor');
	await expect(page.locator('article')).toHaveCount(1);
	await search.fill('zorg contact');
	await expect(page.locator('article')).toHaveCount(1);
	await search.fill('olifant');
	await expect(page.getByText('Niets gevonden voor “olifant”.')).toBeVisible();
	await expect(page.locator('article')).toHaveCount(0);
	await search.fill('');
	await expect(page.locator('article')).toHaveCount(3);
});

test('reorder statements within their group', async ({ page }) => {
	await startParent(page);
	for (const text of ['Eerste', 'Tweede', 'Derde']) await write(page, { ...KINDS[0]!, text });
	await page.goto('/mijn-koers');
	await expect(page.locator('article p.text')).toHaveText(['Eerste', 'Tweede', 'Derde']);
	await page.getByRole('button', { name: 'Zet hoger: Derde' }).click();
	await expect(page.locator('article p.text')).toHaveText(['Eerste', 'Derde', 'Tweede']);
	await page.getByRole('button', { name: 'Zet lager: Eerste' }).click();
	await expect(page.locator('article p.text')).toHaveText(['Derde', 'Eerste', 'Tweede']);
	await expect(page.getByRole('button', { name: 'Zet hoger: Derde' })).toBeDisabled();
	await page.reload();
	await expect(page.locator('article p.text')).toHaveText(['Derde', 'Eerste', 'Tweede']);
});

test('limits and hostile input: too long is refused with a message, markup stays text', async ({
	page
}) => {
	await startParent(page);
	const hostile = '<img src=x onerror="window.hacked=1"> **vet** <script>alert(1)</script>';
	await write(page, { ...KINDS[0]!, text: hostile });
	const text = page.getByLabel('Jouw tekst');
	await text.fill('x'.repeat(5001));
	await expect(page.getByText('Je tekst is te lang. Gebruik maximaal 5000 tekens')).toBeVisible();
	await expect(page.getByText('5001 van 5000 tekens')).toBeVisible();
	// Not saved as content, but not lost either: it comes back after a reload.
	await page.waitForTimeout(400);
	await page.reload();
	await expect(text).toHaveValue('x'.repeat(5001));
	await expect(page.getByText('Je tekst is bewaard op dit apparaat')).toBeVisible();
	await expect(page.getByText('Je tekst is te lang.')).toBeVisible();
	await text.fill('');
	await expect(page.getByText('Een lege tekst wordt niet opgeslagen.')).toBeVisible();
	await page.goto('/mijn-koers');
	await expect(page.locator('article p.text')).toHaveText(hostile);
	await expect(page.locator('article img:not(.pictogram), article script')).toHaveCount(0);
	expect(
		await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)
	).toBeUndefined();
});

test('a pictogram is chosen from the open set and shown beside the text', async ({ page }) => {
	await startParent(page);
	await write(page, KINDS[2]!);
	await page.locator('summary', { hasText: 'Plaatje (niet verplicht)' }).click();
	await page.locator('label[title="Huis"]').click();
	await expect(page.getByRole('radio', { name: 'Huis' })).toBeChecked();
	await expect(page.getByText('Opgeslagen')).toBeVisible();
	await page.goto('/mijn-koers');
	const picture = page.locator('article').getByRole('img', { name: 'Huis' });
	await expect(picture).toBeVisible();
	expect(
		await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
	).toBe(true);
	await page.goto('/over');
	await expect(page.getByText(/OpenMoji/)).toBeVisible();
});

test('print view shows the date and only the statements', async ({ page }) => {
	await startParent(page);
	await write(page, KINDS[0]!);
	await page.goto('/mijn-koers');
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByText('Mijn koers van Sam')).toBeVisible();
	await expect(page.getByText(/Afgedrukt op \d+ \w+ \d{4}/)).toBeVisible();
	await expect(page.getByRole('navigation')).toBeHidden();
	await expect(page.getByRole('button', { name: /Verwijder/ })).toBeHidden();
	await expect(page.getByText(KINDS[0]!.text)).toBeVisible();
	const pdf = await page.pdf({ format: 'A4' });
	expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
	await page.screenshot({ path: 'screenshots/mijn-koers-print.png', fullPage: true });
});

test('axe finds nothing on the Mijn koers screens, at phone and laptop width', async ({ page }) => {
	// Many screens, each checked twice: more than the default time on a busy machine.
	test.slow();
	await startParent(page);
	await addChildren(page, [['Noor', '2016']]);
	await write(page, KINDS[0]!);
	const screens = [
		'/mijn-koers',
		page.url(),
		`${page.url()}/geschiedenis`,
		'/mijn-koers/nieuw',
		'/mijn-koers/kinderen',
		'/mijn-koers/verwijderd'
	];
	for (const url of screens) {
		await page.goto(url);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectAccessible(page, url);
	}
});

test('children are added once, changed, and removed with undo', async ({ page }) => {
	await startParent(page);
	await addChildren(page, [['Noor', '2016']]);
	await page.getByRole('button', { name: 'Kind toevoegen' }).click();
	await expect(page.getByText('Vul een naam in.')).toBeVisible();
	await page.getByLabel('Voornaam of bijnaam').fill('Mo');
	await page.getByLabel('Geboortejaar (niet verplicht)').fill('16');
	await page.getByRole('button', { name: 'Kind toevoegen' }).click();
	await expect(page.getByText('Vul een geboortejaar in met vier cijfers')).toBeVisible();
	await page.getByLabel('Voornaam of bijnaam').fill('');

	await page.getByRole('button', { name: 'Wijzig Noor' }).click();
	await page.locator('ul.children').getByLabel('Voornaam of bijnaam').fill('Noortje');
	await page.locator('ul.children').getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.locator('ul.children li')).toHaveText([/Noortje\s+geboren in 2016/]);
	await page.screenshot({ path: 'screenshots/children-laptop.png', fullPage: true });

	await page.getByRole('button', { name: 'Verwijder Noortje' }).click();
	await expect(page.getByText('Noortje is verwijderd.')).toBeVisible();
	await expect(page.locator('ul.children li')).toHaveCount(0);
	await page.getByRole('button', { name: 'Ongedaan maken' }).click();
	await expect(page.locator('ul.children li')).toHaveCount(1);

	await page.goto('/mijn-koers/nieuw');
	await expect(page.getByRole('checkbox', { name: 'Noortje' })).toBeVisible();
	await expect(page.getByRole('checkbox', { name: 'Alle kinderen' })).toBeChecked();
});

test('Mijn koers is for parents: a counsellor is not offered it', async ({ page }) => {
	await onboard(page, 'Noor', 'counsellor');
	await expect(page.getByRole('link', { name: 'Mijn koers' })).toHaveCount(0);
	await page.goto('/mijn-koers');
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Noor');
});

test('a long list opens with its first part, and shows the rest part by part', async ({ page }) => {
	await onboard(page, 'Sam');
	const at = Date.parse('2026-01-01T10:00:00Z');
	await page.evaluate(
		(statements) =>
			new Promise((done, fail) => {
				const open = indexedDB.open('koers');
				open.onsuccess = () => {
					const tx = open.result.transaction('statements', 'readwrite');
					for (const statement of statements) tx.objectStore('statements').put(statement);
					tx.oncomplete = () => done(open.result.close());
					tx.onerror = () => fail(tx.error);
				};
			}),
		Array.from({ length: 45 }, (_, i) => ({
			id: `s${i}`,
			ownerId: 'seeded',
			kind: 'goal',
			theme: 'care',
			visibility: 'private',
			order: i,
			createdAt: new Date(at + i * 1000).toISOString(),
			updatedAt: new Date(at + i * 1000).toISOString(),
			payload: { text: `Doel nummer ${i}`, childIds: [] }
		}))
	);
	// Nothing on screen moves while the list arrives (layout shifts are what Lighthouse weighs).
	await page.addInitScript(() => {
		const seen: number[] = [];
		(window as unknown as { __shifts: number[] }).__shifts = seen;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries())
				seen.push((entry as unknown as { value: number }).value);
		}).observe({ type: 'layout-shift', buffered: true });
	});
	await page.goto('/mijn-koers');
	const cards = page.locator('ol.statements > li');
	await expect(cards).toHaveCount(30);
	await expect(page.getByText('15 uitspraken staan nog niet op het scherm.')).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts)).toEqual(
		[]
	);
	await page.getByRole('button', { name: 'Laat nog 15 zien' }).click();
	await expect(cards).toHaveCount(45);
	await expect(page.getByText('Doel nummer 44')).toBeVisible();
});
