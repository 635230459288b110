import { CODE_PROBLEMS, LOCK_LIMITS } from '$lib/domain/app-lock';
import { KEYS_IN_USE } from '$lib/family/sync/rekey';
import { BACKUP_PROBLEMS } from '$lib/domain/backup';
import { BACKUP_GROUPS, MAKE_PROBLEMS } from '../../routes/instellingen/backup-words';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_PROBLEMS } from '$lib/db/status';
import { NAME_PROBLEMS, OFFERS, ROLES } from '$lib/domain/profile';
import { NAV_LINKS } from '$lib/ui/navigation';
import { WELCOME_STEPS } from '../../routes/welkom/steps';
import { QUICK_EXIT_CANNOT, QUICK_EXIT_DOES, SAFETY_TIPS } from '../../routes/veilig/lists';
import { CHILD_PROBLEMS } from '$lib/domain/children';
import { PICTOGRAM_IDS } from '$lib/domain/pictograms';
import { STATEMENT_KINDS, TEXT_PROBLEMS, THEMES, VISIBILITIES } from '$lib/domain/statements';
import { EXAMPLES, KIND_QUESTIONS, THEME_QUESTIONS } from './guidance';
import { LANGUAGES } from './languages';
import { FITS, REFLECTION_PROBLEMS } from '$lib/domain/reflections';
import { JOIN_PROBLEMS } from '$lib/domain/membership';
import { INVITE_KINDS, JOIN_REFUSALS } from '$lib/family/sync/invite-link';
import { EXPLAINED_REFUSALS } from '$lib/family/sync/relay-client';
import { PLAIN_SYNC_STATES } from '$lib/family/sync/sync-state';
import { FILE_PROBLEMS } from '$lib/family/sync/transfer-file';
import { TEXT_AREAS } from './text-files';

const readTexts = (path: string) => JSON.parse(readFileSync(join('src/lib/i18n', path), 'utf8'));
/** Each area's texts per language, as the app fetches them (`app` is en.json and nl.json). */
const areas = TEXT_AREAS.filter((area) => area !== 'app').map((area) =>
	Object.fromEntries(
		LANGUAGES.map((language) => [language, readTexts(`locales/${area}/${language}.json`)])
	)
);

/** Every text of every area, per language, as i18next ends up holding them. */
const nl = readTexts('locales/nl.json');
const en = readTexts('locales/en.json');
const locales: Record<string, unknown> = {
	nl: Object.assign({}, nl, ...areas.map((area) => area.nl)),
	en: Object.assign({}, en, ...areas.map((area) => area.en))
};

it('knows every folder of texts as an area, so each can be loaded', () => {
	const folders = readdirSync('src/lib/i18n/locales').filter((entry) => !entry.endsWith('.json'));
	expect(['app', ...folders].sort()).toEqual([...TEXT_AREAS].sort());
});

it('gives every area its own top-level keys, so no area overwrites another', () => {
	for (const language of LANGUAGES) {
		const owners = [nl, ...areas.map((area) => area[language])].flatMap((texts) =>
			Object.keys(texts)
		);
		expect(new Set(owners).size, language).toBe(owners.length);
	}
});

const one = (list: readonly string[]) => list.map((item) => [item]);
const pairs = (a: readonly string[], b: readonly string[]) =>
	a.flatMap((x) => b.map((y) => [x, y]));
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: unknown, prefix = ''): string[] {
	if (typeof tree === 'string') return [prefix];
	if (typeof tree !== 'object' || tree === null) throw new Error(`${prefix} is not text`);
	return Object.entries(tree).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** Keys without plural suffixes, and per plural base the categories present. */
function analyse(language: string) {
	const keys = flatten(locales[language]);
	const plain = new Set<string>();
	const plurals = new Map<string, Set<string>>();
	for (const key of keys) {
		const match = key.match(PLURAL_SUFFIX);
		if (!match) plain.add(key);
		else {
			const base = key.slice(0, -match[0].length);
			if (!plurals.has(base)) plurals.set(base, new Set());
			plurals.get(base)!.add(match[1]!);
		}
	}
	return { plain, plurals };
}

/**
 * Keys built at run time, each from a known list. A template used in code and missing
 * here fails the test, so every dynamic key stays checked.
 */
const DYNAMIC_KEYS: Record<string, readonly string[][]> = {
	'nav.${}': one(NAV_LINKS.map((link) => link.name)),
	'roles.${}.label': one(ROLES),
	'roles.${}.description': one(ROLES),
	'home.intro.${}': one(ROLES),
	'home.offers.${}.title': one(Object.values(OFFERS).flat()),
	'home.offers.${}.text': one(Object.values(OFFERS).flat()),
	'welcome.steps.${}.title': one(WELCOME_STEPS),
	'welcome.steps.${}.text': one(WELCOME_STEPS),
	'errors.name.${}': one(NAME_PROBLEMS),
	'problem.${}': one([...DATABASE_PROBLEMS, 'closedElsewhere']),
	'lock.settings.problem.${}': one([...CODE_PROBLEMS, 'wrongCurrent', 'failed']),
	'lock.settings.keysWait.${}': one(KEYS_IN_USE),
	'lock.settings.honest.${}': one(LOCK_LIMITS),
	'settings.backup.bad.${}': one([...BACKUP_PROBLEMS, 'needsPassphrase', 'failed']),
	'settings.backup.problem.${}': one(MAKE_PROBLEMS),
	'settings.backup.what.${}': one(BACKUP_GROUPS),
	'kinds.${}': one(STATEMENT_KINDS),
	'kindsShort.${}': one(STATEMENT_KINDS),
	'themes.${}': one(THEMES),
	'visibility.${}.label': one(VISIBILITIES),
	'visibility.${}.description': one(VISIBILITIES),
	'pictograms.${}': one(PICTOGRAM_IDS),
	'editor.problems.${}': one(TEXT_PROBLEMS),
	'children.problems.${}': one(CHILD_PROBLEMS),
	'fits.${}.label': one(FITS),
	'fits.${}.description': one(FITS),
	'reflectForm.problems.${}': one(REFLECTION_PROBLEMS),
	'guidance.kinds.${}.q1': one(STATEMENT_KINDS),
	'guidance.kinds.${}.${}': [
		...pairs(STATEMENT_KINDS, KIND_QUESTIONS),
		...pairs(STATEMENT_KINDS, EXAMPLES)
	],
	'guidance.themes.${}.${}': [...pairs(THEMES, THEME_QUESTIONS), ...pairs(THEMES, EXAMPLES)],
	'sync.${}': one(PLAIN_SYNC_STATES),
	'sync.reason.${}': one([...EXPLAINED_REFUSALS, 'refused']),
	'invite.${}': one(INVITE_KINDS),
	'join.roles.${}': one(ROLES),
	'join.problem.${}': one([...JOIN_PROBLEMS, ...JOIN_REFUSALS, 'other']),
	'file.${}': one(FILE_PROBLEMS),
	'meeting.sections.${}': one(['agenda', 'agreements', 'close']),
	'safety.quickExitDoes.${}': one(QUICK_EXIT_DOES),
	'safety.cannot.${}': one(QUICK_EXIT_CANNOT),
	'safety.tips.${}': one(SAFETY_TIPS)
};

/** Fills each `${}` of a template with the next part. */
function expand(template: string, parts: readonly string[]): string {
	let i = 0;
	return template.replace(/\$\{\}/g, () => parts[i++]!);
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		// i18n.svelte.ts defines `t` itself; tests are not the app.
		const checked =
			/\.(svelte|ts)$/.test(entry) && !/\.test\.ts$/.test(entry) && entry !== 'i18n.svelte.ts';
		return checked ? [path] : [];
	});
}

function usedKeys() {
	const literal = new Set<string>();
	const templates = new Set<string>();
	const other: string[] = [];
	for (const file of sourceFiles('src')) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) literal.add(m[2]!);
		for (const m of text.matchAll(/\bt\(\s*`([^`]+)`/g))
			templates.add(m[1]!.replace(/\$\{[^}]*\}/g, '${}'));
		for (const m of text.matchAll(/\bt\(\s*([A-Za-z_$][\w.$]*)\s*[,)]/g))
			other.push(`${file}: t(${m[1]})`);
	}
	return { literal, templates, other };
}

describe('locale files', () => {
	const nlKeys = analyse('nl');

	it('have the same keys in every language', () => {
		for (const language of LANGUAGES) {
			const { plain, plurals } = analyse(language);
			expect([...plain].sort(), language).toEqual([...nlKeys.plain].sort());
			expect([...plurals.keys()].sort(), language).toEqual([...nlKeys.plurals.keys()].sort());
		}
	});

	it('have exactly the plural forms each language needs', () => {
		for (const language of LANGUAGES) {
			const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
			for (const [base, present] of analyse(language).plurals) {
				expect([...present].sort(), `${language}: ${base}`).toEqual([...categories].sort());
			}
		}
	});

	it('have no empty texts', () => {
		for (const language of LANGUAGES) {
			const walk = (tree: unknown, path: string): void => {
				if (typeof tree === 'string') expect(tree.trim(), `${language}: ${path}`).not.toBe('');
				else for (const [k, v] of Object.entries(tree as object)) walk(v, `${path}.${k}`);
			};
			walk(locales[language], '');
		}
	});
});

describe('keys used in the code', () => {
	const { literal, templates, other } = usedKeys();
	// Worked out once: every key is looked up in it.
	const analysed = LANGUAGES.map((language) => analyse(language));
	const known = (key: string) =>
		analysed.every(({ plain, plurals }) => plain.has(key) || plurals.has(key));

	it('finds the keys it checks', () => {
		expect(literal.size).toBeGreaterThan(20);
	});

	it('exist in every language', () => {
		const missing = [...literal].filter((key) => !known(key));
		expect(missing).toEqual([]);
	});

	it('are built at run time only from known lists, and each list item exists', () => {
		const unknownTemplates = [...templates].filter((template) => !(template in DYNAMIC_KEYS));
		expect(unknownTemplates).toEqual([]);
		const missing = [...templates].flatMap((template) =>
			DYNAMIC_KEYS[template]!.map((parts) => expand(template, parts)).filter((key) => !known(key))
		);
		expect(missing).toEqual([]);
	});

	it('cover every key in the locale files (no forgotten texts)', () => {
		const used = new Set([
			...literal,
			...[...templates].flatMap((template) =>
				(DYNAMIC_KEYS[template] ?? []).map((parts) => expand(template, parts))
			)
		]);
		const { plain, plurals } = analyse('nl');
		const unused = [...plain, ...plurals.keys()].filter((key) => !used.has(key));
		expect(unused).toEqual([]);
	});

	it('are never passed as variables the check cannot follow', () => {
		expect(other).toEqual([]);
	});
});
