import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../scripts/browser.js';
import { admitWithCode, createFamily, makeInvite, person } from './family-helpers';
import { onboard } from './helpers';

const WIDTH = 640;
const HEIGHT = 480;

/** The QR code as the screen shows it, drawn into a camera-sized grey image. */
async function renderedCode(page: Page): Promise<number[]> {
	return page.evaluate(
		async ({ width, height }) => {
			const svg = document.querySelector('svg.qr')!;
			const image = new Image();
			image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
			await image.decode();
			const canvas = document.createElement('canvas');
			canvas.width = width;
			canvas.height = height;
			const context = canvas.getContext('2d')!;
			context.fillStyle = '#fff';
			context.fillRect(0, 0, width, height);
			const side = height - 40;
			context.imageSmoothingEnabled = false;
			context.drawImage(image, (width - side) / 2, 20, side, side);
			const { data } = context.getImageData(0, 0, width, height);
			const luma: number[] = [];
			for (let i = 0; i < data.length; i += 4) luma.push(data[i]!);
			return luma;
		},
		{ width: WIDTH, height: HEIGHT }
	);
}

/** A Y4M video (what Chromium's fake camera plays) of a few identical frames. */
function y4m(luma: number[]): Buffer {
	const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
	const frame = Buffer.concat([
		Buffer.from('FRAME\n'),
		Buffer.from(luma),
		Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128)
	]);
	return Buffer.concat([header, ...Array.from({ length: 5 }, () => frame)]);
}

test('a parent joins by scanning the QR code with the camera inside Koers', async ({
	browser,
	baseURL
}, testInfo) => {
	test.setTimeout(90_000);
	const fatima = await person(browser, 'Fatima', 'counsellor');
	await createFamily(fatima.page, 'Gezin de Vries');
	const link = await makeInvite(fatima.page, 'Een ouder');
	mkdirSync(testInfo.outputDir, { recursive: true });
	const video = join(testInfo.outputDir, 'invite.y4m');
	writeFileSync(video, y4m(await renderedCode(fatima.page)));

	// A phone with a camera that sees the code on the counsellor's screen.
	const phone = await chromium.launch({
		executablePath: chromiumPath,
		args: [
			...chromiumArgs,
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	});
	try {
		const context = await phone.newContext({ baseURL, permissions: ['camera'] });
		const page = await context.newPage();
		const foreign: string[] = [];
		page.on('request', (r) => {
			if (!r.url().startsWith(baseURL!)) foreign.push(r.url());
		});
		await onboard(page, 'Bart', 'parent');
		await page.goto('/gezin');
		await page.getByRole('link', { name: 'QR-code scannen' }).click();
		await expect(page.getByLabel('Camerabeeld')).toBeVisible();
		await expect(page.getByText('Je bent uitgenodigd als ouder.')).toBeVisible({ timeout: 20_000 });
		await admitWithCode(fatima.page, page, 'Gezin de Vries');
		expect(foreign, 'the decoder comes from Koers itself').toEqual([]);
		expect(link).toContain('#uitnodiging=');
	} finally {
		await phone.close();
		await fatima.context.close();
	}
});
