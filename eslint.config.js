import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Which way imports go (decision 38): pure rules import nothing of the app; storage only the
 * rules; the family space's sync no screens, texts or relay; the relay nothing of the
 * client; screens write space items only through the action modules.
 */
function imports(files, forbidden, ignores = []) {
	return {
		files,
		ignores,
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: forbidden.map(([regex, message]) => ({ regex, message })) }
			]
		}
	};
}
const TESTS = ['**/*.test.ts', 'src/lib/family/sync/test-family.ts'];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'data/',
			'.e2e/',
			'test-results/',
			'playwright-report/',
			'bench/floor/build/',
			'bench/floor/.svelte-kit/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: { 'no-undef': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	imports(
		['src/lib/domain/**'],
		[
			['^\\$lib/(?!domain/)', 'Domain rules import only other domain rules.'],
			['^\\$app/|^(dexie|svelte)(/|$)', 'Domain rules have no I/O, Svelte or storage.'],
			['^\\.\\./', 'Domain rules import only other domain rules.']
		]
	),
	imports(
		['src/lib/db/**'],
		[['^\\$lib/(family|ui|server|pwa|i18n)/', 'Storage knows only the domain rules.']]
	),
	imports(
		['src/lib/family/sync/**'],
		[
			['^\\$lib/(ui|i18n|server|pwa)/', 'Sync shows nothing and is not the relay.'],
			['^\\$lib/family/(?!sync/)|^\\.\\./', 'Sync does not depend on the screens of a space.']
		],
		TESTS
	),
	imports(
		['src/lib/server/**'],
		[['^\\$lib/(?!server/)|^dexie', 'The relay knows nothing of the client.']],
		TESTS
	),
	imports(
		['src/routes/**', 'src/lib/ui/**', 'src/lib/family/**/*.svelte'],
		[
			[
				'^\\$lib/family/sync/items$',
				'Write space items through the action modules in $lib/family, not from a component.'
			]
		]
	)
);
