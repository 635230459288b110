import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { onboard, readRawDatabase } from './helpers';

/** One person on their own device: a browser context of their own. */
export interface Person {
	context: BrowserContext;
	page: Page;
}

export async function person(
	browser: Browser,
	name: string,
	role: 'parent' | 'counsellor',
	baseURL?: string
): Promise<Person> {
	const context = await browser.newContext(baseURL ? { baseURL } : {});
	const page = await context.newPage();
	await onboard(page, name, role);
	return { context, page };
}

/** Makes a family space and returns its address. */
export async function createFamily(page: Page, name: string): Promise<string> {
	await page.goto('/gezin');
	await page.getByLabel('Naam van het gezin').fill(name);
	await page.getByRole('button', { name: 'Gezin maken' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	return new URL(page.url()).pathname;
}

/** Makes an invite on the family page and returns the link (a parent has no choice to make). */
export async function makeInvite(
	page: Page,
	who: 'Een ouder' | 'Een gezinsvertegenwoordiger' | 'Een ander apparaat van mij'
): Promise<string> {
	await expect(page.getByRole('button', { name: 'Uitnodiging maken' })).toBeVisible();
	if (await page.getByRole('radio').count()) await page.getByRole('radio', { name: who }).check();
	await page.getByRole('button', { name: 'Uitnodiging maken' }).click();
	await expect(page.getByRole('img', { name: 'QR-code met de uitnodiging' })).toBeVisible();
	return page.getByTestId('invite-link').inputValue();
}

/** The joiner answers, both compare the code, the inviter lets them in. */
export async function admitWithCode(inviter: Page, joiner: Page, familyName: string) {
	await joiner.getByRole('button', { name: 'Deelnemen' }).click();
	const joinerCode = joiner.getByTestId('safety-code');
	await expect(joinerCode).toHaveText(/^\d{3} \d{3}$/);
	const inviterCode = inviter.getByTestId('safety-code');
	await expect(inviterCode).toHaveText(/^\d{3} \d{3}$/, { timeout: 15_000 });
	expect(await inviterCode.textContent()).toBe(await joinerCode.textContent());
	await inviter.getByRole('button', { name: 'De codes zijn gelijk: toelaten' }).click();
	await expect(joiner.getByText(`Je hoort nu bij ${familyName}.`)).toBeVisible({ timeout: 15_000 });
}

export async function joinByLink(inviter: Page, joiner: Page, link: string, familyName: string) {
	await joiner.goto(link);
	await expect(joiner.getByRole('button', { name: 'Deelnemen' })).toBeVisible();
	// The secret is gone from the address bar.
	expect(joiner.url()).not.toContain('#');
	await admitWithCode(inviter, joiner, familyName);
}

/** The inviter makes an invite for `who`; the joiner opens its link and is let in. */
export async function inviteIn(
	inviter: Page,
	joiner: Page,
	who: Parameters<typeof makeInvite>[1],
	familyName: string
) {
	await joinByLink(inviter, joiner, await makeInvite(inviter, who), familyName);
}

/** The person on this device says yes to someone who came into the family later. */
export async function sayYes(page: Page, family: string, name: string) {
	await page.goto(family);
	await page.getByRole('button', { name: `Ja, ${name} mag meelezen` }).click();
	await expect(page.getByText(`${name} leest nu mee met wat je deelt.`)).toBeVisible();
}

/** Everything a device stores, as one text, to prove what it does (not) hold. */
export async function storedText(page: Page): Promise<string> {
	const back = page.url();
	const raw = await readRawDatabase(page, 'koers');
	await page.goto(back);
	return JSON.stringify(raw.stores);
}

export async function spaceToken(page: Page): Promise<{ spaceId: string; token: string }> {
	const back = page.url();
	const raw = await readRawDatabase(page, 'koers');
	await page.goto(back);
	const [space] = raw.stores.spaces as { id: string; token: string }[];
	return { spaceId: space!.id, token: space!.token };
}
