import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KoersDatabase } from '$lib/db/database';
import { fetchOps } from './relay-client';
import { readSpace } from '$lib/family/space-view';
import { findItem, saveItem, withdrawItem } from './items';
import { postOps } from './relay-client';
import { devicesOf, sealOp } from './roster';
import { agreeToPerson, createSpace, leaveSpace, removeDevices } from './spaces';
import { deviceFor, nextStamp } from './device';
import { device, letIn, sharedTexts, startRelay, statement, sync } from './test-family';

beforeAll(startRelay, 30_000);
afterAll(() => vi.unstubAllGlobals());

describe('family sync between devices', () => {
	it('each level reaches exactly its readers, also a member who joins later; un-sharing and removal hold', async () => {
		const counsellor = await device('Fatima', 'counsellor');
		const anna = await device('Anna', 'parent');
		const bart = await device('Bart', 'parent');
		const { id } = await createSpace(counsellor.db, 'Gezin Jansen');
		await letIn(counsellor.db, anna.db, id, 'parent');

		const secret = statement(anna.memberId, 'alleen Anna', 'private');
		const talk = statement(anna.memberId, 'voor het gesprek', 'counsellors');
		const all = statement(anna.memberId, 'voor iedereen', 'family');
		await anna.db.statements.bulkAdd([secret, talk, all]);
		const annaSync = await sync(anna.db, id);
		expect(annaSync.state).toBe('up-to-date');
		await sync(counsellor.db, id);
		expect(await sharedTexts(counsellor.db)).toEqual(['voor het gesprek', 'voor iedereen']);

		// Bart joins afterwards: nothing of Anna's reaches him until she says yes to him; then
		// she re-sends what he may read.
		await letIn(counsellor.db, bart.db, id, 'parent');
		await sync(anna.db, id);
		await sync(bart.db, id);
		expect(await sharedTexts(bart.db)).toEqual([]);
		await agreeToPerson(anna.db, (await anna.db.spaces.get(id))!, bart.memberId);
		await sync(anna.db, id);
		await sync(bart.db, id);
		expect(await sharedTexts(bart.db)).toEqual(['voor iedereen']);
		expect(JSON.stringify(await bart.db.shared.toArray())).not.toContain('gesprek');

		// Narrowing to "voor het gesprek" removes it from Bart only.
		await anna.db.statements.update(all.id, { visibility: 'counsellors' });
		await sync(anna.db, id);
		await sync(bart.db, id);
		await sync(counsellor.db, id);
		expect(await sharedTexts(bart.db)).toEqual([]);
		expect(await sharedTexts(counsellor.db)).toEqual(['voor het gesprek', 'voor iedereen']);

		// Bart is removed: nothing shared afterwards reaches him, and the relay refuses him.
		const bartDevice = (await deviceFor(bart.db, id)).deviceId;
		await removeDevices(counsellor.db, (await counsellor.db.spaces.get(id))!, [bartDevice]);
		await sync(counsellor.db, id);
		await sync(anna.db, id);
		await anna.db.statements.add(statement(anna.memberId, 'na het verwijderen', 'family'));
		await sync(anna.db, id);
		// The relay's refusal alone deletes nothing on Bart's device: it says so instead.
		const bartSync = await sync(bart.db, id);
		expect(bartSync.state).toBe('refused');
		expect((await bart.db.spaces.get(id))!.refusedAt).toBeDefined();
		expect(JSON.stringify(await bart.db.shared.toArray())).not.toContain('verwijderen');
		await sync(counsellor.db, id);
		expect(await sharedTexts(counsellor.db)).toContain('na het verwijderen');
	});

	it("a second device edits its person's records both ways; a replayed or reordered log changes nothing", async () => {
		const phone = await device('Anna', 'parent');
		const { id } = await createSpace(phone.db, 'Gezin Smit');
		const goal = statement(phone.memberId, 'eerste tekst', 'counsellors');
		await phone.db.statements.add(goal);
		await sync(phone.db, id);

		const tablet = await device('Anna', 'parent');
		await letIn(phone.db, tablet.db, id, 'parent', true);
		expect((await tablet.db.profile.get('me'))!.memberId).toBe(phone.memberId);
		await sync(phone.db, id);
		await sync(tablet.db, id);
		expect((await tablet.db.statements.get(goal.id))!.payload.text).toBe('eerste tekst');

		await tablet.db.statements.update(goal.id, {
			payload: { text: 'van de tablet', childIds: [] },
			updatedAt: new Date().toISOString()
		});
		await sync(tablet.db, id);
		await sync(phone.db, id);
		expect((await phone.db.statements.get(goal.id))!.payload.text).toBe('van de tablet');

		// Reading the whole log again (as after a lost position) changes nothing, on either device.
		for (const { db } of [tablet, phone]) {
			const before = await db.statements.toArray();
			await db.spaces.update(id, { lastSeq: 0 });
			await sync(db, id);
			expect(await db.statements.toArray()).toEqual(before);
			expect(await db.syncProblems.toArray()).toEqual([]);
		}

		// The tablet leaves: the phone is told, the relay no longer knows its token.
		const tabletSpace = (await tablet.db.spaces.get(id))!;
		await leaveSpace(tablet.db, tabletSpace, () => sync(tablet.db, id).then(() => undefined));
		expect((await tablet.db.spaces.get(id))!.leftAt).toBeDefined();
		await sync(phone.db, id);
		const tabletId = (await deviceFor(tablet.db, id)).deviceId;
		expect((await phone.db.spaceDevices.get([id, tabletId]))!.removedAtSeq).toBeGreaterThan(0);
		await expect(fetchOps(id, tabletSpace.token, 0)).rejects.toMatchObject({
			code: 'not-a-member'
		});
	});

	it('items written together reach everyone in the space; counsellor notes reach counsellors only', async () => {
		const fatima = await device('Fatima', 'counsellor');
		const anna = await device('Anna', 'parent');
		const { id } = await createSpace(fatima.db, 'Gezin de Vries');
		await letIn(fatima.db, anna.db, id, 'parent');
		const now = new Date().toISOString();

		await saveItem(fatima.db, id, 'agreements', 'v1', {
			agreementId: 'a1',
			createdAt: now,
			theme: 'care',
			text: 'Wisselen op vrijdag om 17:00',
			who: 'Anna brengt'
		});
		await saveItem(fatima.db, id, 'notes', 'n1', { text: 'geheime notitie', createdAt: now });
		// Sealed for nobody yet (no other counsellor): it does not wait for ever.
		expect((await sync(fatima.db, id)).waiting).toBe(0);
		await sync(anna.db, id);
		await saveItem(anna.db, id, 'confirmations', 'c1', {
			versionId: 'v1',
			parentId: anna.memberId,
			confirmedAt: now
		});
		await expect(
			saveItem(anna.db, id, 'notes', 'n2', { text: 'mag niet', createdAt: now })
		).rejects.toThrow();
		await sync(anna.db, id);
		await sync(fatima.db, id);

		const tables = async (db: KoersDatabase) =>
			(await db.spaceItems.toArray())
				.filter((r) => r.table !== 'consents')
				.map((r) => `${r.table}/${r.id}`)
				.sort();
		expect(await tables(anna.db)).toEqual(['agreements/v1', 'confirmations/c1']);
		expect(await tables(fatima.db)).toEqual(['agreements/v1', 'confirmations/c1', 'notes/n1']);
		expect(JSON.stringify(await anna.db.spaceItems.toArray())).not.toContain('geheime');

		// A second counsellor and a second parent join later: the authors re-send what each may read.
		const sanne = await device('Sanne', 'counsellor');
		const bart = await device('Bart', 'parent');
		await letIn(fatima.db, sanne.db, id, 'counsellor');
		await letIn(fatima.db, bart.db, id, 'parent');
		for (const db of [fatima.db, anna.db, sanne.db, bart.db]) await sync(db, id);
		// Joining was their yes to those the invite listed; a yes to one person from two owners
		// is two yeses (their ids are the same person's).
		const yesToAnna = (await readSpace(anna.db, id)).consents.filter(
			(c) => c.reader === anna.memberId
		);
		expect(yesToAnna.map((c) => c.owner).sort()).toEqual(
			[fatima.memberId, sanne.memberId, bart.memberId].sort()
		);
		// Anna's confirmation waits for her yes to each of them; Fatima let them in (her yes).
		expect(await tables(sanne.db)).toEqual(['agreements/v1', 'notes/n1']);
		expect(await tables(bart.db)).toEqual(['agreements/v1']);
		const annaSpace = (await anna.db.spaces.get(id))!;
		await agreeToPerson(anna.db, annaSpace, sanne.memberId);
		await agreeToPerson(anna.db, annaSpace, bart.memberId);
		for (const db of [anna.db, sanne.db, bart.db]) await sync(db, id);
		expect(await tables(sanne.db)).toEqual(['agreements/v1', 'confirmations/c1', 'notes/n1']);
		expect(await tables(bart.db)).toEqual(['agreements/v1', 'confirmations/c1']);
		expect(JSON.stringify(await bart.db.spaceItems.toArray())).not.toContain('geheime');

		// A withdrawal removes the item everywhere; only its owner can make one.
		await saveItem(anna.db, id, 'links', 'l1', { statementIds: ['a', 'b'], changedAt: now });
		await sync(anna.db, id);
		await withdrawItem(anna.db, id, 'links', 'l1');
		// A confirmation stays as it was written, and nobody withdraws another's item.
		await expect(withdrawItem(anna.db, id, 'confirmations', 'c1')).rejects.toThrow();
		await withdrawItem(anna.db, id, 'agreements', 'v1');
		await sync(anna.db, id);
		for (const db of [fatima.db, bart.db]) {
			await sync(db, id);
			const rows = await db.spaceItems.toArray();
			expect(rows.find((r) => r.id === 'l1')!.removed).toBe(true);
			expect(rows.find((r) => r.id === 'c1')!.removed).toBeUndefined();
			expect(rows.find((r) => r.id === 'v1')!.removed).toBeUndefined();
		}

		// An agreement version never changes once written: a changed copy is set aside.
		const fatimaDevice = await deviceFor(fatima.db, id);
		const rewritten = await sealOp(
			fatimaDevice,
			id,
			{
				t: 'item',
				table: 'agreements',
				id: 'v1',
				owner: fatima.memberId,
				stamp: await nextStamp(fatima.db),
				item: {
					agreementId: 'a1',
					createdAt: now,
					theme: 'care',
					text: 'Andere woorden dan afgesproken',
					who: ''
				}
			},
			await devicesOf(fatima.db, id)
		);
		await postOps(id, (await fatima.db.spaces.get(id))!.token, [rewritten]);
		await sync(bart.db, id);
		expect(JSON.stringify(await bart.db.spaceItems.toArray())).not.toContain('Andere woorden');
		expect((await bart.db.syncProblems.toArray()).map((p) => p.problem)).toContain('not-allowed');

		// A member who copies someone else's item id makes an item of their own, never a
		// replacement; an id claimed twice is not used.
		await saveItem(anna.db, id, 'agreements', 'v1', {
			agreementId: 'a1',
			createdAt: now,
			theme: 'care',
			text: 'Overgenomen door Anna',
			who: ''
		});
		await sync(anna.db, id);
		await sync(bart.db, id);
		const claims = (await bart.db.spaceItems.toArray()).filter((r) => r.id === 'v1');
		expect(claims.map((r) => r.ownerId).sort()).toEqual([anna.memberId, fatima.memberId].sort());
		expect(claims.find((r) => r.ownerId === fatima.memberId)!.payload.text).toBe(
			'Wisselen op vrijdag om 17:00'
		);
		expect(await findItem(bart.db, id, 'agreements', 'v1')).toBeUndefined();

		// A parent's device that forges a note (bypassing the app) gets it set aside.
		const annaDevice = await deviceFor(anna.db, id);
		const forged = await sealOp(
			annaDevice,
			id,
			{
				t: 'item',
				table: 'notes',
				id: 'n3',
				owner: anna.memberId,
				stamp: await nextStamp(anna.db),
				item: { text: 'nep', createdAt: now }
			},
			await devicesOf(anna.db, id)
		);
		await postOps(id, (await anna.db.spaces.get(id))!.token, [forged]);
		await sync(fatima.db, id);
		expect(await tables(fatima.db)).not.toContain('notes/n3');
		expect((await fatima.db.syncProblems.toArray()).map((p) => p.problem)).toContain('not-allowed');
	});
});
