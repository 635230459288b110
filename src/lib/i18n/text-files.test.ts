import { describe, expect, it } from 'vitest';
import { TextFetcher } from './text-files';

describe('switching language while a screen loads its texts', () => {
	it('also fetches, in the new language, an area asked for during the switch', async () => {
		const added: string[] = [];
		const fetcher = new TextFetcher((language, texts) =>
			added.push(`${language}/${Object.keys(texts)[0]}`)
		);
		await fetcher.fetch(['home'], 'nl');
		const switching = fetcher.fetchWanted('en');
		// A screen opened during the switch asks in the language still on screen.
		await fetcher.fetch(['settings'], 'nl');
		await switching;
		expect(added).toEqual(expect.arrayContaining(['en/home', 'en/settings']));
	});
});
