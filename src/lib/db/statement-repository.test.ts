import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_GAP_MS } from '$lib/domain/history';
import type { StatementDraft } from '$lib/domain/statements';
import { addChild, listChildren, removeChild, restoreChild, updateChild } from './child-repository';
import { KoersDatabase } from './database';
import {
	addStatement,
	deleteStatement,
	getStatement,
	listStatements,
	listVersions,
	purgeExpiredStatements,
	purgeStatement,
	restoreStatement,
	restoreVersion,
	saveStatementText,
	setStatementOrder,
	updateStatementDetails
} from './statement-repository';

let db: KoersDatabase;
let count = 0;
beforeEach(() => {
	db = new KoersDatabase(`koers-statements-${++count}`);
});
afterEach(async () => {
	db.close();
	await Dexie.delete(db.name);
});

const t0 = new Date('2026-03-01T20:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const draft: StatementDraft = {
	kind: 'goal',
	theme: 'home',
	text: 'Rust in huis.',
	childIds: [],
	visibility: 'private'
};

async function add(text = 'Rust in huis.', at = t0) {
	const created = await addStatement(db, { ...draft, text }, 'me', at);
	if (typeof created === 'string') throw new Error(created);
	return created;
}

describe('statements in storage', () => {
	it('stores the text in the payload, never in an index', async () => {
		const s = await add('Geheim <b>vet</b>');
		const record = await db.statements.get(s.id);
		expect(record?.payload.text).toBe('Geheim <b>vet</b>');
		expect(record).not.toHaveProperty('text');
		expect(await getStatement(db, s.id)).toEqual(s);
	});

	it('refuses empty text and stores nothing', async () => {
		expect(await addStatement(db, { ...draft, text: ' ' }, 'me', t0)).toBe('empty');
		expect(await listStatements(db)).toEqual([]);
		const s = await add();
		expect(await saveStatementText(db, s.id, '', { now: later(1000) })).toBe('empty');
		expect((await getStatement(db, s.id))?.text).toBe('Rust in huis.');
	});

	it('keeps one history entry per writing session and restores earlier text', async () => {
		const s = await add('maart', t0);
		await saveStatementText(db, s.id, 'maart, en', { now: later(1000) });
		await saveStatementText(db, s.id, 'maart, en meer', { now: later(2000) });
		expect(await listVersions(db, s.id)).toEqual([]);
		await saveStatementText(db, s.id, 'april', { now: later(2000 + SESSION_GAP_MS) });
		const versions = await listVersions(db, s.id);
		expect(versions.map((v) => [v.text, v.savedAt])).toEqual([
			['maart, en meer', later(2000).toISOString()]
		]);

		await restoreVersion(db, s.id, versions[0]!.id, later(3000 + SESSION_GAP_MS));
		expect((await getStatement(db, s.id))?.text).toBe('maart, en meer');
		expect((await listVersions(db, s.id)).map((v) => v.text)).toEqual(['april', 'maart, en meer']);
	});

	it('keeps text written meanwhile in another tab in the history, never losing either version', async () => {
		const s = await add('Begin.');
		// Two tabs opened the same text; the first one saves.
		expect(
			await saveStatementText(db, s.id, 'Versie A', { now: later(1000), base: 'Begin.' })
		).toBe(undefined);
		// The second one still knew "Begin.": its save keeps "Versie A" in the history.
		expect(
			await saveStatementText(db, s.id, 'Versie B', { now: later(2000), base: 'Begin.' })
		).toBe('keptOther');
		expect((await getStatement(db, s.id))?.text).toBe('Versie B');
		expect((await listVersions(db, s.id)).map((v) => v.text)).toContain('Versie A');
		// The same tab typing on (its base is what it wrote) adds nothing to the history.
		const before = (await listVersions(db, s.id)).length;
		expect(
			await saveStatementText(db, s.id, 'Versie B en meer', { now: later(3000), base: 'Versie B' })
		).toBe(undefined);
		expect(await listVersions(db, s.id)).toHaveLength(before);
	});

	it('changes details and puts a statement last in a new group', async () => {
		const a = await add('a');
		const b = await add('b');
		await addStatement(db, { ...draft, theme: 'care', text: 'c' }, 'me', t0);
		await updateStatementDetails(db, a.id, {
			theme: 'care',
			visibility: 'counsellors',
			pictogram: 'home'
		});
		const moved = await getStatement(db, a.id);
		expect(moved).toMatchObject({
			theme: 'care',
			order: 1,
			visibility: 'counsellors',
			pictogram: 'home'
		});
		await updateStatementDetails(db, a.id, { pictogram: undefined });
		expect(await getStatement(db, a.id)).not.toHaveProperty('pictogram');
		await setStatementOrder(db, [{ id: b.id, order: 5 }]);
		expect((await getStatement(db, b.id))?.order).toBe(5);
	});

	it('deletes with undo, and purges with history after 30 days', async () => {
		const s = await add('weg');
		await saveStatementText(db, s.id, 'weg later', { now: later(SESSION_GAP_MS) });
		await deleteStatement(db, s.id, t0);
		expect((await getStatement(db, s.id))?.deletedAt).toBe(t0.toISOString());
		await restoreStatement(db, s.id);
		expect(await getStatement(db, s.id)).not.toHaveProperty('deletedAt');

		await deleteStatement(db, s.id, t0);
		expect(await purgeExpiredStatements(db, later(29 * 24 * 3600 * 1000))).toBe(0);
		expect(await purgeExpiredStatements(db, later(30 * 24 * 3600 * 1000))).toBe(1);
		expect(await getStatement(db, s.id)).toBeUndefined();
		expect(await db.statementVersions.count()).toBe(0);
	});

	it('removes one deleted statement for good at once, with its history, and nothing else', async () => {
		const kept = await add('blijft');
		const gone = await add('weg');
		await saveStatementText(db, gone.id, 'weg later', { now: later(SESSION_GAP_MS) });
		expect(await purgeStatement(db, gone.id)).toBe(false);
		expect(await getStatement(db, gone.id)).toBeDefined();

		await deleteStatement(db, gone.id, t0);
		expect(await purgeStatement(db, gone.id)).toBe(true);
		expect(await getStatement(db, gone.id)).toBeUndefined();
		expect(await listVersions(db, gone.id)).toEqual([]);
		expect((await getStatement(db, kept.id))?.text).toBe('blijft');
	});
});

describe('children in storage', () => {
	it('adds, edits, removes and restores a child', async () => {
		const id = await addChild(db, 'me', { name: 'Noor', birthYear: 2016 }, t0);
		await updateChild(db, id, { name: 'Noortje' }, later(1));
		expect(await listChildren(db)).toMatchObject([{ id, name: 'Noortje' }]);
		expect((await listChildren(db))[0]).not.toHaveProperty('birthYear');
		await removeChild(db, id, later(2));
		expect((await listChildren(db))[0]?.deletedAt).toBeDefined();
		await restoreChild(db, id);
		expect((await listChildren(db))[0]).not.toHaveProperty('deletedAt');
	});
});
