import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KoersDatabase } from '$lib/db/database';
import type { Role } from '$lib/domain/profile';
import { isItemShape } from '$lib/domain/space-items';
import { thisDevice } from '$lib/family/sync/device';
import { findItem, saveItem } from '$lib/family/sync/items';
import {
	TOPIC_MAX_LENGTH,
	addAgendaItem,
	cancelConversation,
	changeConversation,
	checkPlan,
	checkTopic,
	planConversation,
	removeAgendaItem
} from './planning-actions';

const SPACE = 'space-1';
const TODAY = '2026-03-10';
let databases = 0;

/** One device with its own database, in a space whose members are these ids. */
async function device(role: Role, memberId: string, members: string[]) {
	const db = new KoersDatabase(`planning-test-${++databases}`);
	await db.open();
	await thisDevice(db);
	const now = new Date().toISOString();
	await db.profile.put({
		id: 'me',
		memberId,
		role,
		createdAt: now,
		updatedAt: now,
		payload: { name: memberId }
	});
	await db.spaceDevices.bulkAdd(
		members.map((id) => ({
			spaceId: SPACE,
			deviceId: `device-${id}`,
			memberId: id,
			role: (id.startsWith('c') ? 'counsellor' : 'parent') as Role,
			encryptionKey: '',
			signingKey: '',
			tokenHash: '',
			admittedBy: '',
			payload: { name: id }
		}))
	);
	return db;
}

const MEMBERS = ['c1', 'c2', 'p1', 'p2'];
const row = (db: KoersDatabase, table: 'conversations' | 'agenda', id: string) =>
	findItem(db, SPACE, table, id);

/** Copies a row into another device's database, as the sync would. */
async function receive(from: KoersDatabase, to: KoersDatabase, table: 'conversations', id: string) {
	const copy = (await row(from, table, id))!;
	await to.spaceItems.put({ ...copy, pending: 0 });
}

describe('checkPlan and checkTopic', () => {
	const members = new Set(MEMBERS);

	it('accepts a real day from today on, an optional time and known people', () => {
		expect(checkPlan({ date: TODAY, participants: ['p1'] }, members, TODAY)).toBeUndefined();
		expect(
			checkPlan({ date: '2026-04-01', time: '19:30', participants: MEMBERS }, members, TODAY)
		).toBeUndefined();
		expect(
			checkPlan({ date: '2026-04-01', time: '', participants: ['c1'] }, members, TODAY)
		).toBeUndefined();
	});

	it('names what is wrong', () => {
		expect(checkPlan({ date: '2026-02-30', participants: ['p1'] }, members, TODAY)).toBe('date');
		expect(checkPlan({ date: '', participants: ['p1'] }, members, TODAY)).toBe('date');
		expect(checkPlan({ date: '2026-03-09', participants: ['p1'] }, members, TODAY)).toBe(
			'date-past'
		);
		expect(checkPlan({ date: TODAY, time: '25:00', participants: ['p1'] }, members, TODAY)).toBe(
			'time'
		);
		expect(checkPlan({ date: TODAY, participants: [] }, members, TODAY)).toBe('participants');
		expect(checkPlan({ date: TODAY, participants: ['p1', 'p1'] }, members, TODAY)).toBe(
			'participants'
		);
		expect(checkPlan({ date: TODAY, participants: ['stranger'] }, members, TODAY)).toBe(
			'participants'
		);
	});

	it('checks a topic: not empty, at most the maximum length (emoji count as one)', () => {
		expect(checkTopic('  Vakantie  ')).toBeUndefined();
		expect(checkTopic(' \n ')).toBe('topic-empty');
		expect(checkTopic('😀'.repeat(TOPIC_MAX_LENGTH))).toBeUndefined();
		expect(checkTopic('a'.repeat(TOPIC_MAX_LENGTH + 1))).toBe('topic-too-long');
	});
});

describe('planning a conversation', () => {
	it('a counsellor plans one; the stored item has the shape the space accepts', async () => {
		const db = await device('counsellor', 'c1', MEMBERS);
		const result = await planConversation(
			db,
			SPACE,
			{ date: '2026-03-20', time: '', participants: ['c1', 'p1', 'p2'] },
			TODAY
		);
		expect(result.ok).toBe(true);
		const id = result.ok ? result.id : '';
		expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
		const stored = (await row(db, 'conversations', id))!;
		expect(stored.ownerId).toBe('c1');
		expect(stored.pending).toBe(1);
		expect(isItemShape('conversations', stored.payload)).toBe(true);
		// No time given: the key is left out, not stored as undefined or empty.
		expect(Object.keys(stored.payload).sort()).toEqual(['createdAt', 'date', 'participants']);
	});

	it('a parent cannot plan, and a wrong plan is refused without storing anything', async () => {
		const parent = await device('parent', 'p1', MEMBERS);
		expect(
			await planConversation(parent, SPACE, { date: '2026-03-20', participants: ['p1'] }, TODAY)
		).toEqual({ ok: false, problem: 'not-counsellor' });
		const counsellor = await device('counsellor', 'c1', MEMBERS);
		expect(
			await planConversation(counsellor, SPACE, { date: '20-03-2026', participants: ['p1'] }, TODAY)
		).toEqual({ ok: false, problem: 'date' });
		expect(
			await planConversation(counsellor, SPACE, { date: '2026-03-20', participants: [] }, TODAY)
		).toEqual({ ok: false, problem: 'participants' });
		expect(await counsellor.spaceItems.count()).toBe(0);
	});

	it('a parent added for the room (without a device) can take part', async () => {
		const db = await device('counsellor', 'c1', ['c1', 'p1']);
		await saveItem(db, SPACE, 'people', 'p9', { name: 'Bart', addedAt: new Date().toISOString() });
		const result = await planConversation(
			db,
			SPACE,
			{ date: '2026-03-20', participants: ['c1', 'p1', 'p9'] },
			TODAY
		);
		expect(result.ok).toBe(true);
	});

	it('the counsellor who planned it changes it; a cancelled one stays, marked as cancelled', async () => {
		const db = await device('counsellor', 'c1', MEMBERS);
		const planned = await planConversation(
			db,
			SPACE,
			{ date: '2026-03-20', time: '10:00', participants: MEMBERS },
			TODAY
		);
		const id = planned.ok ? planned.id : '';
		const createdAt = (await row(db, 'conversations', id))!.payload.createdAt;

		expect(
			await changeConversation(
				db,
				SPACE,
				id,
				{ date: '2026-03-21', participants: ['c1', 'p1'] },
				TODAY
			)
		).toEqual({ ok: true, id });
		const changed = (await row(db, 'conversations', id))!.payload;
		expect(changed).toEqual({ date: '2026-03-21', participants: ['c1', 'p1'], createdAt });

		expect(await cancelConversation(db, SPACE, id)).toEqual({ ok: true, id });
		const cancelled = (await row(db, 'conversations', id))!;
		expect(cancelled.removed).toBeUndefined();
		expect(cancelled.payload).toMatchObject({ date: '2026-03-21', cancelled: true });
		expect(isItemShape('conversations', cancelled.payload)).toBe(true);

		expect(
			await changeConversation(db, SPACE, id, { date: '2026-03-22', participants: ['c1'] }, TODAY)
		).toEqual({ ok: false, problem: 'cancelled' });
		expect(await cancelConversation(db, SPACE, 'missing')).toEqual({
			ok: false,
			problem: 'not-found'
		});
	});

	it('a past conversation keeps its day when its people are corrected', async () => {
		const db = await device('counsellor', 'c1', MEMBERS);
		const planned = await planConversation(
			db,
			SPACE,
			{ date: '2026-03-20', participants: MEMBERS },
			TODAY
		);
		const id = planned.ok ? planned.id : '';
		const later = '2026-04-01';
		expect(
			await changeConversation(db, SPACE, id, { date: '2026-03-20', participants: ['c1'] }, later)
		).toEqual({ ok: true, id });
		expect(
			await changeConversation(db, SPACE, id, { date: '2026-03-25', participants: ['c1'] }, later)
		).toEqual({ ok: false, problem: 'date-past' });
	});

	it('the other counsellor cannot change or cancel it', async () => {
		const first = await device('counsellor', 'c1', MEMBERS);
		const second = await device('counsellor', 'c2', MEMBERS);
		const planned = await planConversation(
			first,
			SPACE,
			{ date: '2026-03-20', participants: MEMBERS },
			TODAY
		);
		const id = planned.ok ? planned.id : '';
		await receive(first, second, 'conversations', id);
		expect(await cancelConversation(second, SPACE, id)).toEqual({
			ok: false,
			problem: 'not-yours'
		});
		expect(
			await changeConversation(
				second,
				SPACE,
				id,
				{ date: '2026-03-22', participants: ['c2'] },
				TODAY
			)
		).toEqual({ ok: false, problem: 'not-yours' });
		expect((await row(second, 'conversations', id))!.payload.cancelled).toBeUndefined();
	});
});

describe('the agenda', () => {
	async function plannedOn() {
		const counsellor = await device('counsellor', 'c1', MEMBERS);
		const parent = await device('parent', 'p1', MEMBERS);
		const planned = await planConversation(
			counsellor,
			SPACE,
			{ date: '2026-03-20', participants: MEMBERS },
			TODAY
		);
		const id = planned.ok ? planned.id : '';
		await receive(counsellor, parent, 'conversations', id);
		return { counsellor, parent, id };
	}

	it('everyone adds: a parent brings a reflection, a counsellor a topic; shapes are accepted', async () => {
		const { counsellor, parent, id } = await plannedOn();
		const brought = await addAgendaItem(parent, SPACE, id, {
			kind: 'reflection',
			refId: 'r-1',
			ownerId: 'p1'
		});
		expect(brought.ok).toBe(true);
		const item = (await row(parent, 'agenda', brought.ok ? brought.id : ''))!;
		expect(item.ownerId).toBe('p1');
		expect(item.payload).toMatchObject({
			conversationId: id,
			source: { kind: 'reflection', refId: 'r-1', ownerId: 'p1' }
		});
		expect(isItemShape('agenda', item.payload)).toBe(true);

		const topic = await addAgendaItem(counsellor, SPACE, id, {
			kind: 'topic',
			text: '  De zomervakantie\r\nen de verjaardag  '
		});
		const stored = (await row(counsellor, 'agenda', topic.ok ? topic.id : ''))!;
		expect(stored.payload.source).toEqual({
			kind: 'topic',
			text: 'De zomervakantie\nen de verjaardag'
		});
		expect(isItemShape('agenda', stored.payload)).toBe(true);
	});

	it('the same reflection is not put on twice', async () => {
		const { parent, id } = await plannedOn();
		const first = await addAgendaItem(parent, SPACE, id, {
			kind: 'statement',
			refId: 's-1',
			ownerId: 'p1'
		});
		const again = await addAgendaItem(parent, SPACE, id, {
			kind: 'statement',
			refId: 's-1',
			ownerId: 'p1'
		});
		expect(again).toEqual(first);
		expect(await parent.spaceItems.filter((i) => i.table === 'agenda').count()).toBe(1);
	});

	it('refuses an empty or too long topic, an unknown or cancelled conversation', async () => {
		const { counsellor, parent, id } = await plannedOn();
		expect(await addAgendaItem(parent, SPACE, id, { kind: 'topic', text: '   ' })).toEqual({
			ok: false,
			problem: 'topic-empty'
		});
		expect(
			await addAgendaItem(parent, SPACE, id, {
				kind: 'topic',
				text: 'x'.repeat(TOPIC_MAX_LENGTH + 1)
			})
		).toEqual({ ok: false, problem: 'topic-too-long' });
		expect(await addAgendaItem(parent, SPACE, 'nope', { kind: 'topic', text: 'Hallo' })).toEqual({
			ok: false,
			problem: 'not-found'
		});
		await cancelConversation(counsellor, SPACE, id);
		expect(await addAgendaItem(counsellor, SPACE, id, { kind: 'topic', text: 'Hallo' })).toEqual({
			ok: false,
			problem: 'cancelled'
		});
	});

	it('an author removes their own item, not someone else’s', async () => {
		const { counsellor, parent, id } = await plannedOn();
		const added = await addAgendaItem(parent, SPACE, id, { kind: 'topic', text: 'School' });
		const itemId = added.ok ? added.id : '';
		await counsellor.spaceItems.put({ ...(await row(parent, 'agenda', itemId))!, pending: 0 });

		expect(await removeAgendaItem(counsellor, SPACE, itemId)).toEqual({
			ok: false,
			problem: 'not-yours'
		});
		expect((await row(counsellor, 'agenda', itemId))!.removed).toBeUndefined();

		expect(await removeAgendaItem(parent, SPACE, itemId)).toEqual({ ok: true, id: itemId });
		const removed = (await row(parent, 'agenda', itemId))!;
		expect(removed.removed).toBe(true);
		expect(removed.payload).toEqual({});
		expect(await removeAgendaItem(parent, SPACE, itemId)).toEqual({
			ok: false,
			problem: 'not-found'
		});
	});
});
