import { expect, test, type Page } from '@playwright/test';
import { write } from './helpers';
import { createFamily, joinByLink, makeInvite, person } from './family-helpers';

/** Event streams the page has open: asked for, and not yet ended. */
function openStreams(page: Page) {
	const open = new Set<unknown>();
	page.on('request', (request) => {
		if (request.url().endsWith('/api/events')) open.add(request);
	});
	const ended = (request: unknown) => open.delete(request);
	page.on('requestfinished', ended);
	page.on('requestfailed', ended);
	return () => open.size;
}

test('a counsellor in seven families holds one stream, hears each family, and every screen answers', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const karin = await person(browser, 'Karin', 'counsellor');
	const names = Array.from(
		{ length: 7 },
		(_, i) => `Gezin ${['A', 'B', 'C', 'D', 'E', 'F', 'G'][i]}`
	);
	const families: string[] = [];
	for (const name of names) families.push(await createFamily(karin.page, name));

	// A parent joins the last family: letting her in needs Karin's device to hear her answer
	// live, while it follows all seven families.
	const link = await makeInvite(karin.page, 'Een ouder');
	const anna = await person(browser, 'Anna', 'parent');
	await joinByLink(karin.page, anna.page, link, names[6]!);

	const streams = openStreams(karin.page);
	await karin.page.goto('/gezin');
	await write(
		anna.page,
		{ label: 'Mijn doelen', theme: 'School, opvoeding en keuzes', text: 'Anna wil rust op school' },
		{ visibility: 'Voor het gesprek' }
	);

	for (const [i, name] of names.entries()) {
		await karin.page.getByRole('link', { name }).click();
		await expect(karin.page).toHaveURL(new RegExp(`${families[i]}$`));
		await expect(karin.page.getByRole('heading', { level: 1 })).toHaveText(name);
		await expect(karin.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 15_000 });
		// Another request is answered at once: the stream does not take the connections.
		const answered = await karin.page.evaluate(async () => {
			const started = performance.now();
			const response = await fetch('/api/health', { cache: 'no-store' });
			return { ok: response.ok, ms: performance.now() - started };
		});
		expect(answered.ok).toBe(true);
		expect(answered.ms).toBeLessThan(2000);
		if (i === 6) {
			await expect(karin.page.getByText('Anna wil rust op school')).toBeVisible({
				timeout: 15_000
			});
		}
		await karin.page.getByRole('link', { name: 'Gezin', exact: true }).first().click();
		await expect(karin.page).toHaveURL(/\/gezin$/);
	}
	expect(streams(), 'one stream for all seven families').toBe(1);
	await karin.context.close();
	await anna.context.close();
});
