import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { KoersDatabase } from '$lib/db/database';
import {
	agreementStatus,
	history,
	type AgreementDraft,
	type AgreementVersion,
	type Confirmation
} from '$lib/domain/agreements';
import type { Role } from '$lib/domain/profile';
import { thisDevice } from '$lib/family/sync/device';
import { saveItem } from '$lib/family/sync/items';
import {
	UNCHANGED,
	confirmVersion,
	editAgreement,
	objectToWitnessedYes,
	proposeAgreement
} from './agreement-actions';
import { readSpace } from './space-view';
import type { AgreementView } from './space-view';

/**
 * Each person has a database of their own; items reach the others the way sync would
 * deliver them (copied, no longer pending). Everyone knows everyone's role in the space.
 */
const SPACE = 'space-1';
let databases = 0;

interface Person {
	db: KoersDatabase;
	memberId: string;
}

const people: { name: string; role: Role; memberId: string }[] = [
	{ name: 'Anna', role: 'parent', memberId: 'anna' },
	{ name: 'Bart', role: 'parent', memberId: 'bart' },
	{ name: 'Fatima', role: 'counsellor', memberId: 'fatima' }
];

async function device(memberId: string): Promise<Person> {
	const db = new KoersDatabase(`agreement-actions-${++databases}`);
	await db.open();
	await thisDevice(db);
	const me = people.find((p) => p.memberId === memberId)!;
	const now = new Date().toISOString();
	await db.profile.put({
		id: 'me',
		memberId,
		role: me.role,
		createdAt: now,
		updatedAt: now,
		payload: { name: me.name }
	});
	await db.spaceDevices.bulkPut(
		people.map((p) => ({
			spaceId: SPACE,
			deviceId: `${p.memberId}-device`,
			memberId: p.memberId,
			role: p.role,
			encryptionKey: 'key',
			signingKey: 'key',
			tokenHash: 'hash',
			admittedBy: 'fatima',
			payload: { name: p.name }
		}))
	);
	return { db, memberId };
}

/** What sync does: every item of `from` ends up on `to`. */
async function deliver(from: Person, to: Person) {
	const rows = await from.db.spaceItems.where('spaceId').equals(SPACE).toArray();
	await to.db.spaceItems.bulkPut(rows.map((row) => ({ ...row, pending: 0 as const })));
}

async function itemsOf(person: Person, table: string) {
	return (await person.db.spaceItems.where('spaceId').equals(SPACE).toArray()).filter(
		(i) => i.table === table && !i.removed
	);
}

const roles = new Map(people.map((p) => [p.memberId, p.role]));

/** The agreement as the space view shows it, built from what the device holds. */
async function viewOf(person: Person, agreementId: string): Promise<AgreementView> {
	const versions = history(
		(await itemsOf(person, 'agreements'))
			.map((i) => ({ id: i.id, author: i.ownerId, ...i.payload }) as AgreementVersion)
			.filter((v) => v.agreementId === agreementId)
	);
	const confirmations = (await itemsOf(person, 'confirmations')).map(
		(i) => ({ id: i.id, recordedBy: i.ownerId, ...i.payload }) as Confirmation
	);
	return {
		id: agreementId,
		versions,
		current: versions.at(-1)!,
		status: agreementStatus(versions, confirmations, ['anna', 'bart'], roles),
		confirmations: new Map()
	};
}

const draft: AgreementDraft = {
	theme: 'care',
	text: 'De kinderen zijn om de week een weekend bij elke ouder.',
	who: 'Anna haalt op vrijdag, Bart brengt op zondag.',
	byWhen: '2026-04-01'
};

let anna: Person, bart: Person, fatima: Person;
beforeEach(async () => {
	[anna, bart, fatima] = await Promise.all([device('anna'), device('bart'), device('fatima')]);
});

describe('proposing an agreement', () => {
	it('saves a first version without its id and author in the payload', async () => {
		const version = await proposeAgreement(anna.db, SPACE, draft, 'conversation-1');
		if (typeof version === 'string') throw new Error(version);
		expect(version.author).toBe('anna');
		const [item] = await itemsOf(anna, 'agreements');
		expect(item?.id).toBe(version.id);
		expect(item?.ownerId).toBe('anna');
		expect(item?.payload).toEqual({
			agreementId: version.agreementId,
			createdAt: version.createdAt,
			theme: 'care',
			text: draft.text,
			who: draft.who,
			byWhen: '2026-04-01',
			conversationId: 'conversation-1'
		});
	});

	it('leaves optional fields out rather than empty', async () => {
		const version = await proposeAgreement(anna.db, SPACE, { ...draft, byWhen: '' });
		if (typeof version === 'string') throw new Error(version);
		const [item] = await itemsOf(anna, 'agreements');
		expect(Object.keys(item!.payload)).not.toContain('byWhen');
		expect(Object.keys(item!.payload)).not.toContain('conversationId');
	});

	it('saves nothing for a bad draft and says what is wrong', async () => {
		expect(await proposeAgreement(anna.db, SPACE, { ...draft, text: '  ' })).toBe('text-empty');
		expect(await proposeAgreement(anna.db, SPACE, { ...draft, theme: 'weather' })).toBe('theme');
		expect(await proposeAgreement(anna.db, SPACE, { ...draft, reviewOn: '2026-02-30' })).toBe(
			'date'
		);
		expect(await itemsOf(anna, 'agreements')).toHaveLength(0);
	});
});

describe('confirming a version', () => {
	it('lets a parent confirm for themselves, not witnessed', async () => {
		const version = (await proposeAgreement(anna.db, SPACE, draft)) as AgreementVersion;
		const confirmation = await confirmVersion(anna.db, SPACE, version.id, 'anna');
		if (typeof confirmation === 'string') throw new Error(confirmation);
		const [item] = await itemsOf(anna, 'confirmations');
		expect(item?.ownerId).toBe('anna');
		expect(item?.payload).toEqual({
			versionId: version.id,
			parentId: 'anna',
			confirmedAt: confirmation.confirmedAt
		});
	});

	it('refuses a parent confirming for the other parent, and saves nothing', async () => {
		const version = (await proposeAgreement(anna.db, SPACE, draft)) as AgreementVersion;
		expect(await confirmVersion(anna.db, SPACE, version.id, 'bart')).toBe('not-allowed');
		expect(await itemsOf(anna, 'confirmations')).toHaveLength(0);
	});

	it('lets a counsellor record a parent in the room as witnessed, not a counsellor', async () => {
		const version = (await proposeAgreement(fatima.db, SPACE, draft)) as AgreementVersion;
		const confirmation = await confirmVersion(fatima.db, SPACE, version.id, 'bart');
		if (typeof confirmation === 'string') throw new Error(confirmation);
		expect(confirmation).toMatchObject({ parentId: 'bart', recordedBy: 'fatima', witnessed: true });
		const [item] = await itemsOf(fatima, 'confirmations');
		expect(item?.ownerId).toBe('fatima');
		expect(item?.payload.witnessed).toBe(true);
		expect(await confirmVersion(fatima.db, SPACE, version.id, 'fatima')).toBe('not-allowed');
	});

	it('lets a counsellor witness a parent who has no device', async () => {
		await saveItem(fatima.db, SPACE, 'people', 'carla', {
			name: 'Carla',
			addedAt: new Date().toISOString()
		});
		const version = (await proposeAgreement(fatima.db, SPACE, draft)) as AgreementVersion;
		const confirmation = await confirmVersion(fatima.db, SPACE, version.id, 'carla');
		expect(confirmation).toMatchObject({ parentId: 'carla', witnessed: true });
	});

	it('refuses a second confirmation of the same version by the same parent', async () => {
		const version = (await proposeAgreement(anna.db, SPACE, draft)) as AgreementVersion;
		await deliver(anna, fatima);
		await confirmVersion(anna.db, SPACE, version.id, 'anna');
		await deliver(anna, fatima);
		expect(await confirmVersion(anna.db, SPACE, version.id, 'anna')).toBe('already-confirmed');
		expect(await confirmVersion(fatima.db, SPACE, version.id, 'anna')).toBe('already-confirmed');
		expect(await itemsOf(fatima, 'confirmations')).toHaveLength(1);
	});

	it('refuses a version this device does not know', async () => {
		expect(await confirmVersion(anna.db, SPACE, 'unknown', 'anna')).toBe('unknown-version');
		expect(await itemsOf(anna, 'confirmations')).toHaveLength(0);
	});
});

describe('changing an agreement', () => {
	it('makes a new version that needs both parents again', async () => {
		const first = (await proposeAgreement(anna.db, SPACE, draft)) as AgreementVersion;
		await confirmVersion(anna.db, SPACE, first.id, 'anna');
		await deliver(anna, fatima);
		await confirmVersion(fatima.db, SPACE, first.id, 'bart');
		expect((await viewOf(fatima, first.agreementId)).status).toBe('agreed');

		const agreement = await viewOf(fatima, first.agreementId);
		const second = await editAgreement(bart.db, SPACE, agreement, {
			...draft,
			who: 'Bart haalt op vrijdag.'
		});
		if (typeof second === 'string') throw new Error(second);
		expect(second.agreementId).toBe(first.agreementId);
		expect(second.id).not.toBe(first.id);
		await deliver(bart, fatima);
		const changed = await viewOf(fatima, first.agreementId);
		expect(changed.versions.map((v) => v.id)).toEqual([first.id, second.id]);
		expect(changed.status).toBe('proposed');

		await confirmVersion(fatima.db, SPACE, second.id, 'anna');
		expect((await viewOf(fatima, first.agreementId)).status).toBe('confirmed-by-one');
	});

	it('saves nothing when nothing changed', async () => {
		const first = (await proposeAgreement(anna.db, SPACE, draft)) as AgreementVersion;
		const agreement = await viewOf(anna, first.agreementId);
		const again = { ...draft, text: `  ${draft.text}  `, reviewOn: '' };
		expect(await editAgreement(anna.db, SPACE, agreement, again)).toBe(UNCHANGED);
		expect(await itemsOf(anna, 'agreements')).toHaveLength(1);
	});

	it('saves nothing for a bad draft', async () => {
		const first = (await proposeAgreement(anna.db, SPACE, draft)) as AgreementVersion;
		const agreement = await viewOf(anna, first.agreementId);
		expect(await editAgreement(anna.db, SPACE, agreement, { ...draft, text: '' })).toBe(
			'text-empty'
		);
		expect(await itemsOf(anna, 'agreements')).toHaveLength(1);
	});
});

describe('a yes written down in the room', () => {
	it('the parent sees it on their own device and can say it was not so; then it needs them again', async () => {
		const version = (await proposeAgreement(fatima.db, SPACE, draft)) as AgreementVersion;
		await confirmVersion(fatima.db, SPACE, version.id, 'anna');
		const witnessed = await confirmVersion(fatima.db, SPACE, version.id, 'bart');
		if (typeof witnessed === 'string') throw new Error(witnessed);
		await deliver(fatima, bart);
		await deliver(fatima, anna);

		const seen = (await readSpace(bart.db, SPACE)).recorded.filter(
			(c) => c.parentId === 'bart' && c.witnessed
		);
		expect(seen.map((c) => c.id)).toEqual([witnessed.id]);
		expect(await objectToWitnessedYes(anna.db, SPACE, witnessed.id)).toBe(false);
		expect(await objectToWitnessedYes(bart.db, SPACE, witnessed.id)).toBe(true);
		await deliver(bart, fatima);

		const [agreement] = (await readSpace(fatima.db, SPACE)).agreements;
		expect(agreement?.status).toBe('confirmed-by-one');
		expect(agreement?.confirmations.get(version.id)?.map((c) => c.parentId)).toEqual(['anna']);
	});
});
