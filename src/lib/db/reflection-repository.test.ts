import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReflectionContent } from '$lib/domain/reflections';
import { KoersDatabase } from './database';
import {
	addReflection,
	deleteReflection,
	listReflections,
	purgeExpiredReflections,
	restoreReflection,
	saveReflection,
	setReflectionVisibility
} from './reflection-repository';
import { readSetting, removeSetting, writeSetting } from './settings-repository';

let db: KoersDatabase;
let count = 0;
beforeEach(() => {
	db = new KoersDatabase(`koers-reflections-${++count}`);
});
afterEach(async () => {
	db.close();
	await Dexie.delete(db.name);
});

const content: ReflectionContent = {
	date: '2026-03-10',
	statementIds: ['s1', 's1'],
	fit: 'partly',
	note: 'Rustig gebleven bij de overdracht',
	happened: '',
	did: '',
	nextTime: '',
	visibility: 'private'
};
const t0 = new Date('2026-03-10T20:00:00Z');

describe('reflections in storage', () => {
	it('keeps words and fit in the payload, only date and visibility indexed', async () => {
		const added = await addReflection(db, content, 'me', t0);
		if (typeof added === 'string') throw new Error(added);
		const record = await db.reflections.get(added.id);
		expect(record?.payload).toMatchObject({
			fit: 'partly',
			note: content.note,
			statementIds: ['s1']
		});
		expect(record).not.toHaveProperty('fit');
		expect(record).not.toHaveProperty('note');
		expect(await listReflections(db)).toEqual([{ ...added, statementIds: ['s1'] }]);
	});

	it('refuses an empty reflection and changes nothing', async () => {
		expect(await addReflection(db, { ...content, fit: undefined, note: '' }, 'me', t0)).toBe(
			'nothing'
		);
		const added = await addReflection(db, content, 'me', t0);
		if (typeof added === 'string') throw new Error(added);
		expect(await saveReflection(db, added.id, { ...content, fit: undefined, note: ' ' })).toBe(
			'nothing'
		);
		expect((await listReflections(db))[0]?.note).toBe(content.note);
	});

	it('saves changes, marks for the conversation, deletes with undo and purges after 30 days', async () => {
		const added = await addReflection(db, content, 'me', t0);
		if (typeof added === 'string') throw new Error(added);
		await saveReflection(db, added.id, {
			...content,
			fit: undefined,
			happened: 'Het ging mis',
			nextTime: 'Eerst ademen'
		});
		const [saved] = await listReflections(db);
		expect(saved).toMatchObject({ happened: 'Het ging mis', nextTime: 'Eerst ademen' });
		expect(saved).not.toHaveProperty('fit');
		await setReflectionVisibility(db, [added.id], 'counsellors');
		expect((await listReflections(db))[0]?.visibility).toBe('counsellors');
		await deleteReflection(db, added.id, t0);
		await restoreReflection(db, added.id);
		expect((await listReflections(db))[0]).not.toHaveProperty('deletedAt');
		await deleteReflection(db, added.id, t0);
		expect(await purgeExpiredReflections(db, new Date(t0.getTime() + 31 * 24 * 3600 * 1000))).toBe(
			1
		);
		expect(await listReflections(db)).toEqual([]);
	});
});

describe('settings', () => {
	it('writes, reads and removes a setting', async () => {
		expect(await readSetting(db, 'nextConversation')).toBeUndefined();
		await writeSetting(db, 'nextConversation', { date: '2026-03-20' });
		expect(await readSetting(db, 'nextConversation')).toEqual({ date: '2026-03-20' });
		await removeSetting(db, 'nextConversation');
		expect(await readSetting(db, 'nextConversation')).toBeUndefined();
	});
});
