/**
 * Draws the app icons (PNG) from the logo, with Chromium, so no image tool is needed.
 * Run after changing the logo: npm run icons
 */
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './browser.js';

const logo = readFileSync(new URL('../static/favicon.svg', import.meta.url), 'utf8');

/** `inset` is how much of the square the logo fills: maskable icons keep it in the safe zone. */
const icons = [
	{ file: 'icon-192.png', size: 192, inset: 1, background: 'transparent' },
	{ file: 'icon-512.png', size: 512, inset: 1, background: 'transparent' },
	{ file: 'icon-maskable-512.png', size: 512, inset: 0.72, background: '#1d5c57' },
	{ file: 'apple-touch-icon.png', size: 180, inset: 0.86, background: '#1d5c57' }
];

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const page = await browser.newPage();
for (const { file, size, inset, background } of icons) {
	await page.setViewportSize({ width: size, height: size });
	const logoSize = Math.round(size * inset);
	await page.setContent(
		`<html><body style="margin:0;background:${background};display:grid;place-items:center;width:${size}px;height:${size}px">
		<div style="width:${logoSize}px;height:${logoSize}px">${logo.replace('<svg', `<svg width="${logoSize}" height="${logoSize}"`)}</div></body></html>`
	);
	await page.screenshot({
		path: new URL(`../static/icons/${file}`, import.meta.url).pathname,
		omitBackground: background === 'transparent'
	});
	console.log(`static/icons/${file} (${size}px)`);
}
await browser.close();
