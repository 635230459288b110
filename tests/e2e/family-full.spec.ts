import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, startServer, write, type RunningServer } from './helpers';
import { createFamily, person, spaceToken, inviteIn } from './family-helpers';

const PORT = 4197;
const MIB = 1024 * 1024;

test('a full family space: both devices say so, nothing is lost, and it goes once there is room', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'koers-full-'));
	const start = (env: Record<string, string> = {}) =>
		startServer({ build: 'build', port: PORT, dataDir, env });
	let server: RunningServer = await start();
	try {
		const karin = await person(browser, 'Karin', 'counsellor', server.url);
		const family = await createFamily(karin.page, 'Gezin Bos');
		const anna = await person(browser, 'Anna', 'parent', server.url);
		await inviteIn(karin.page, anna.page, 'Een ouder', 'Gezin Bos');
		await anna.page.goto(family);
		await expect(anna.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 15_000 });

		// The server now allows what the space holds and a little more: Anna's next item won't fit.
		const { spaceId, token } = await spaceToken(anna.page);
		const read = await fetch(`${server.url}/api/spaces/${spaceId}/ops?limit=1`, {
			headers: { authorization: `Bearer ${token}` }
		});
		const { used } = (await read.json()) as { used: number };
		await server.stop();
		server = await start({ RELAY_SPACE_QUOTA_MB: String((used + 200) / MIB) });

		await write(
			anna.page,
			{ label: 'Mijn doelen', theme: 'School, opvoeding en keuzes', text: 'Rust voor Noor' },
			{ visibility: 'Voor het gesprek' }
		);
		await anna.page.goto(family);
		const full = anna.page.getByTestId('space-full');
		await expect(full).toContainText('De ruimte van jullie gezin is vol', { timeout: 40_000 });
		await expect(full).toContainText('Wat jij schrijft, blijft veilig op dit apparaat.');
		await expect(full).toContainText('Vertel het je gezinsvertegenwoordiger');
		await expect(
			anna.page.getByRole('status').filter({ hasText: 'Versturen lukte niet' })
		).toContainText('de ruimte van jullie gezin op de server is vol');
		await expectAccessible(anna.page, 'a full space');
		await karin.page.goto(family);
		await expect(karin.page.getByTestId('space-full')).toContainText(
			'De ruimte van jullie gezin raakt vol',
			{ timeout: 40_000 }
		);
		await expect(karin.page.getByTestId('space-full')).toContainText(
			'Vraag de beheerder van Koers'
		);
		await expect(karin.page.getByText('Rust voor Noor')).toHaveCount(0);
		await expectAccessible(karin.page, 'a space nearly full');

		// More room: what waited goes by itself, and the notices go.
		await server.stop();
		server = await start();
		await anna.page.getByRole('button', { name: 'Opnieuw proberen' }).click({ timeout: 40_000 });
		await expect(anna.page.getByText('Alles is bijgewerkt.')).toBeVisible({ timeout: 40_000 });
		await expect(anna.page.getByTestId('space-full')).toHaveCount(0);
		await karin.page.reload();
		await expect(karin.page.getByText('Rust voor Noor')).toBeVisible({ timeout: 40_000 });
		await expect(karin.page.getByTestId('space-full')).toHaveCount(0);
		await anna.context.close();
		await karin.context.close();
	} finally {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
