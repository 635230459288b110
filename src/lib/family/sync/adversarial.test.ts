import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KoersDatabase } from '$lib/db/database';
import type { DeviceRecord } from '$lib/db/schema';
import type { SpaceDevice } from '$lib/domain/membership';
import { readSpace } from '$lib/family/space-view';
import { fromBase64Url, opensFor, seal } from './envelope';
import { deviceFor, nextStamp, randomId, sha256Hex, thisDevice } from './device';
import { saveItem } from './items';
import { OP_FORMAT, type DeviceCard, type Op } from './ops';
import { nextBatch } from './outgoing';
import { retrySetAside } from './recovery';
import { fetchOps, joinOnRelay, postOps, registerInvite, revokeOnRelay } from './relay-client';
import { devicesOf, sealOp } from './roster';
import {
	AdmitRefused,
	admit,
	agreeToPerson,
	createInvite,
	createReturnInvite,
	createSpace,
	joinSpace,
	removeDevices
} from './spaces';
import { exportShared, importShared } from './transfer-file';
import { device, letIn, sql, startRelay, statement, sync, familyOfThree } from './test-family';

/**
 * A member whose device runs a modified Koers, talking to the real relay: every way an op
 * can lie goes through the real apply path, and the honest devices lose nothing and
 * believe nothing false.
 */
beforeAll(startRelay, 30_000);
afterAll(() => vi.unstubAllGlobals());

const family = () => familyOfThree();

const token = async (db: KoersDatabase, id: string) => (await db.spaces.get(id))!.token;
const problems = async (db: KoersDatabase) =>
	(await db.syncProblems.toArray()).map((p) => p.problem);
const deviceIds = async (db: KoersDatabase, id: string) =>
	(await devicesOf(db, id)).filter((d) => d.removedAtSeq === undefined).map((d) => d.deviceId);

/** Seals any value (or JSON text) as an op's payload, as a modified app could. */
async function sealRaw(me: DeviceRecord, spaceId: string, value: unknown, readers: SpaceDevice[]) {
	const envelope = await seal(
		new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)),
		readers.map((r) => ({ id: r.deviceId, encryptionKey: fromBase64Url(r.encryptionKey) })),
		{ id: me.deviceId, signingKey: me.signing.privateKey },
		spaceId
	);
	return JSON.stringify(envelope);
}

/** A device of someone's own making that gets a relay token through a member's invite. */
async function outsider(name: string, role: 'parent' | 'counsellor', memberId?: string) {
	const fake = await device(name, role, memberId);
	const me = await thisDevice(fake.db);
	const relayToken = randomId(32);
	const card: DeviceCard = {
		deviceId: me.deviceId,
		memberId: fake.memberId,
		role,
		name,
		encryptionKey: me.encryptionPublic,
		signingKey: me.signingPublic,
		tokenHash: await sha256Hex(relayToken)
	};
	return { ...fake, me, relayToken, card };
}

/** The accomplice's device gets in at the relay through an invite the member registers. */
async function tokenThrough(inviterDb: KoersDatabase, id: string, fake: { relayToken: string }) {
	const secret = randomId(32);
	await registerInvite(
		id,
		await token(inviterDb, id),
		await sha256Hex(secret),
		new Date(Date.now() + 60_000)
	);
	const inviter = await deviceFor(inviterDb, id);
	const hello = await sealOp(inviter, id, { t: 'remove', deviceIds: [inviter.deviceId] }, []);
	await joinOnRelay(id, secret, fake.relayToken, hello);
}

describe('who may add whom', () => {
	it('a parent cannot let a "counsellor" in: her app refuses, and a forged admit is set aside', async () => {
		const { karin, anna, bart, id } = await family();
		await expect(
			createInvite(anna.db, (await anna.db.spaces.get(id))!, 'counsellor', false)
		).rejects.toThrow();

		const fake = await outsider('Nep-hulpverlener', 'counsellor');
		await tokenThrough(anna.db, id, fake);
		const annaDevice = await deviceFor(anna.db, id);
		const everyone = [...(await devicesOf(anna.db, id)), { ...fake.card, admittedBy: '' }];
		const forged = await sealOp(annaDevice, id, { t: 'admit', device: fake.card }, everyone);
		const [admittedAt] = await postOps(id, await token(anna.db, id), [forged]);
		for (const db of [karin.db, bart.db]) {
			await sync(db, id);
			expect(await deviceIds(db, id)).not.toContain(fake.card.deviceId);
			expect(await problems(db)).toContain('not-allowed');
		}

		// What Bart and Karin write next is never sealed for the fake counsellor.
		await bart.db.statements.add(statement(bart.memberId, 'voor het gesprek', 'counsellors'));
		await saveItem(karin.db, id, 'notes', 'n1', {
			text: 'alleen voor ons',
			createdAt: new Date().toISOString()
		});
		await saveItem(karin.db, id, 'agenda', 'a1', {
			conversationId: 'c1',
			addedAt: new Date().toISOString(),
			source: { kind: 'topic', text: 'Vakanties' }
		});
		await sync(bart.db, id);
		await sync(karin.db, id);
		const { ops } = await fetchOps(id, fake.relayToken, 0, 1000);
		expect(ops.length).toBeGreaterThan(3);
		const later = ops.filter((op) => op.seq > admittedAt!);
		expect(later.length).toBeGreaterThanOrEqual(2);
		const fakeReader = { id: fake.me.deviceId, encryptionKey: fake.me.encryption.privateKey };
		for (const op of later) expect(await opensFor(JSON.parse(op.body), fakeReader)).toBe(false);
	});

	it('nobody adds a device that speaks for someone else: a fake second device of Bart changes and removes nothing', async () => {
		const { karin, anna, bart, id } = await family();
		const mine = statement(bart.memberId, 'Rust en regelmaat', 'family');
		await bart.db.statements.add(mine);
		await sync(bart.db, id);
		for (const db of [anna.db, karin.db]) await sync(db, id);

		// Anna's modified app admits a device that claims to be Bart's.
		const fake = await outsider('Bart', 'parent', bart.memberId);
		await tokenThrough(anna.db, id, fake);
		const forgedAdmit = await sealOp(
			await deviceFor(anna.db, id),
			id,
			{ t: 'admit', device: fake.card },
			await devicesOf(anna.db, id)
		);
		await postOps(id, await token(anna.db, id), [forgedAdmit]);

		// The fake device rewrites Bart's statement and removes Bart's device.
		const readers = await devicesOf(anna.db, id);
		const rewrite: Op = {
			t: 'record',
			table: 'statements',
			id: mine.id,
			owner: bart.memberId,
			stamp: await nextStamp(fake.db),
			visibility: 'family',
			record: { ...mine, payload: { ...mine.payload, text: 'Nep-tekst' } }
		};
		const bartDevice = (await deviceFor(bart.db, id)).deviceId;
		await postOps(id, fake.relayToken, [
			await sealOp(fake.me, id, rewrite, readers),
			await sealOp(fake.me, id, { t: 'remove', deviceIds: [bartDevice] }, readers)
		]);
		for (const db of [bart.db, karin.db, anna.db]) await sync(db, id);

		expect((await bart.db.statements.get(mine.id))!.payload.text).toBe('Rust en regelmaat');
		const karinView = await readSpace(karin.db, id);
		expect(karinView.members.map((m) => m.memberId)).toContain(bart.memberId);
		expect((await readSpace(karin.db, id)).statements.map((s) => s.text)).toContain(
			'Rust en regelmaat'
		);
		expect(await deviceIds(karin.db, id)).toContain(bartDevice);
		expect(await deviceIds(karin.db, id)).not.toContain(fake.card.deviceId);
		expect(await problems(karin.db)).toEqual(
			expect.arrayContaining(['not-allowed', 'unknown-signer'])
		);

		// Even an honest counsellor's app refuses to let in a device for Bart's person.
		const space = (await karin.db.spaces.get(id))!;
		await karin.db.invites.add({
			id: 'inv-x',
			spaceId: id,
			role: 'parent',
			ownDevice: false,
			secret: 's',
			secretHash: 'h',
			createdAt: new Date().toISOString(),
			expiresAt: new Date(Date.now() + 60_000).toISOString(),
			status: 'answered',
			answer: { ...fake.card, admittedAt: undefined, payload: { name: 'Bart' } } as never
		});
		await expect(admit(karin.db, space, (await karin.db.invites.get('inv-x'))!)).rejects.toThrow(
			AdmitRefused
		);
	});

	it('a hello that claims another token is not used, so a removal always hits the real token', async () => {
		const { karin, bart, id } = await family();
		const invite = await createInvite(
			karin.db,
			(await karin.db.spaces.get(id))!,
			'counsellor',
			false
		);
		const fake = await outsider('Sanne', 'counsellor');
		const lying = { ...fake.card, tokenHash: await sha256Hex(await token(bart.db, id)) };
		const hello = await sealOp(
			fake.me,
			id,
			{ t: 'hello', inviteId: invite.inviteId, device: lying },
			[{ deviceId: invite.inviter.deviceId, encryptionKey: invite.inviter.encryptionKey }]
		);
		await joinOnRelay(id, invite.secret, fake.relayToken, hello);
		await sync(karin.db, id);
		expect((await karin.db.invites.get(invite.inviteId))!.status).toBe('open');
		expect(await problems(karin.db)).toContain('not-allowed');
	});
});

describe('who wrote it', () => {
	it('comes from the signed envelope: content naming the other parent, or another owner, is refused', async () => {
		const { karin, anna, bart, id } = await family();
		const annaDevice = await deviceFor(anna.db, id);
		const readers = await devicesOf(anna.db, id);
		const posing = statement(bart.memberId, 'Bart zegt dit', 'family');
		const ops: Op[] = [
			// Signed by Anna, owned by Anna, but the content says Bart wrote it.
			{
				t: 'record',
				table: 'statements',
				id: posing.id,
				owner: anna.memberId,
				stamp: await nextStamp(anna.db),
				visibility: 'family',
				record: { ...posing }
			},
			// Signed by Anna, claiming Bart owns it.
			{
				t: 'record',
				table: 'statements',
				id: posing.id,
				owner: bart.memberId,
				stamp: await nextStamp(anna.db),
				visibility: 'family',
				record: { ...posing }
			}
		];
		await postOps(
			id,
			await token(anna.db, id),
			await Promise.all(ops.map((op) => sealOp(annaDevice, id, op, readers)))
		);
		await sync(karin.db, id);
		expect(await problems(karin.db)).toEqual(['invalid', 'not-owner']);
		expect((await readSpace(karin.db, id)).statements.map((s) => s.text)).not.toContain(
			'Bart zegt dit'
		);

		// A row stored before this check still shows its signer as its author.
		await karin.db.shared.put({
			key: `${id}|statements/${posing.id}`,
			spaceId: id,
			table: 'statements',
			id: posing.id,
			ownerId: anna.memberId,
			stamp: await nextStamp(karin.db),
			visibility: 'family',
			receivedAt: new Date().toISOString(),
			payload: { ...posing }
		});
		const shown = (await readSpace(karin.db, id)).statements.find((s) => s.id === posing.id);
		expect(shown?.ownerId).toBe(anna.memberId);
	});
});

describe('one bad op harms nothing', () => {
	it('each way an envelope can be wrong is set aside with its reason, and the ops after it apply', async () => {
		const { karin, anna, bart, id } = await family();
		const annaDevice = await deviceFor(anna.db, id);
		const readers = await devicesOf(anna.db, id);
		const op = async (text: string): Promise<Op> => {
			const r = statement(anna.memberId, text, 'family');
			return {
				t: 'record',
				table: 'statements',
				id: r.id,
				owner: anna.memberId,
				stamp: await nextStamp(anna.db),
				visibility: 'family',
				record: { ...r }
			};
		};
		const good = JSON.parse(await sealOp(annaDevice, id, await op('goed'), readers));
		const flipped = {
			...good,
			ciphertext: good.ciphertext.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'))
		};
		// Another op's ciphertext under this op's keys: the signature no longer fits.
		const otherKeys = JSON.parse(await sealOp(annaDevice, id, await op('ander'), readers));
		const tampered = { ...otherKeys, ciphertext: good.ciphertext };
		const wall = Date.now() + 3 * 24 * 60 * 60 * 1000;
		const ahead = {
			...(await op('morgen')),
			stamp: `${String(wall).padStart(15, '0')}:00000:x`
		} as Op;
		// Bart's tablet is taken out; an op it signs afterwards counts for nothing.
		const tablet = await device('Bart', 'parent', bart.memberId);
		await letIn(bart.db, tablet.db, id, 'parent', true);
		const tabletDevice = await deviceFor(tablet.db, id);
		await removeDevices(bart.db, (await bart.db.spaces.get(id))!, [tabletDevice.deviceId]);
		await sync(bart.db, id);
		const afterRemoval = await sealOp(
			tabletDevice,
			id,
			{ t: 'remove', deviceIds: [tabletDevice.deviceId] },
			await devicesOf(bart.db, id)
		);
		const bodies = [
			'{not json',
			JSON.stringify(flipped),
			JSON.stringify(tampered),
			await sealOp(annaDevice, id, ahead, readers),
			JSON.stringify({ ...good, v: 1 }),
			afterRemoval,
			await sealOp(annaDevice, id, await op('daarna'), readers)
		];
		await postOps(id, await token(anna.db, id), bodies);
		await karin.db.syncProblems.clear();
		await sync(karin.db, id);
		expect((await problems(karin.db)).sort()).toEqual(
			[
				'bad-signature',
				'bad-signature',
				'clock',
				'malformed',
				'old-format',
				'removed-signer'
			].sort()
		);
		const texts = (await readSpace(karin.db, id)).statements.map((s) => s.text);
		expect(texts).toContain('daarna');
		expect(texts).not.toContain('morgen');
	});

	it('an overflowing clock, deep nesting, a missing payload and a failed write do not stop sync', async () => {
		const { karin, anna, id } = await family();
		const annaDevice = await deviceFor(anna.db, id);
		const readers = await devicesOf(anna.db, id);
		const base = (text: string) => statement(anna.memberId, text, 'family');
		const record = (r: ReturnType<typeof base>, stamp: string): Op => ({
			t: 'record',
			table: 'statements',
			id: r.id,
			owner: anna.memberId,
			stamp,
			visibility: 'family',
			record: { ...r }
		});
		// Written out by hand: even JSON.stringify cannot make something this deep.
		const deep = '['.repeat(10_000) + ']'.repeat(10_000);
		const nested = base('diep');
		const noPayload = base('leeg');
		const { payload: _dropped, ...withoutPayload } = noPayload;
		void _dropped;
		const wall = String(Date.now()).padStart(15, '0');
		const bodies = [
			await sealRaw(
				annaDevice,
				id,
				JSON.stringify({
					...record(nested, await nextStamp(anna.db)),
					f: 1,
					record: { ...nested, payload: { text: 'x', childIds: 'DEEP' } }
				}).replace('"DEEP"', deep),
				readers
			),
			await sealRaw(
				annaDevice,
				id,
				{ ...record(noPayload, await nextStamp(anna.db)), f: 1, record: withoutPayload },
				readers
			),
			await sealOp(
				annaDevice,
				id,
				record(base('klok vol'), `${wall}:99999:${annaDevice.deviceId.replace(/-/g, '')}`),
				readers
			),
			await sealOp(annaDevice, id, record(base('daarna'), await nextStamp(anna.db)), readers)
		];
		await postOps(id, await token(anna.db, id), bodies);

		// The first write fails once (a full disk, say): set aside, and tried again next time.
		const put = vi.spyOn(karin.db.shared, 'put').mockRejectedValueOnce(new Error('disk full'));
		const karinSync = await sync(karin.db, id);
		put.mockRestore();
		expect(karinSync.state).toBe('up-to-date');
		expect((await problems(karin.db)).sort()).toEqual(['failed', 'invalid', 'invalid']);
		await sync(karin.db, id);
		expect(await problems(karin.db)).toEqual(['invalid', 'invalid']);
		const texts = (await readSpace(karin.db, id)).statements.map((s) => s.text);
		expect(texts).toEqual(expect.arrayContaining(['klok vol', 'daarna']));
		expect(texts).not.toContain('leeg');
		// The clock moved past the full counter instead of throwing.
		expect(await nextStamp(karin.db)).toMatch(/^\d{15}:\d{5}:/);
	});

	it('an op from a newer Koers is kept with its text and tried again after an update', async () => {
		const { karin, anna, id } = await family();
		const annaDevice = await deviceFor(anna.db, id);
		const later = {
			t: 'item',
			f: OP_FORMAT + 1,
			table: 'agenda',
			id: 'x',
			owner: anna.memberId,
			stamp: await nextStamp(anna.db),
			item: { newField: 1 }
		};
		await postOps(id, await token(anna.db, id), [
			await sealRaw(annaDevice, id, later, await devicesOf(anna.db, id))
		]);
		await sync(karin.db, id);
		const [kept] = await karin.db.syncProblems.toArray();
		expect(kept).toMatchObject({ problem: 'newer-format', seq: expect.any(Number) });
		expect(kept!.body).toContain('"ciphertext"');
		await retrySetAside(karin.db, (await karin.db.spaces.get(id))!, '9.9.9+1900000000000');
		expect((await karin.db.syncProblems.get(kept!.id!))!.appVersion).toBe('9.9.9+1900000000000');
	});

	it('an op set aside and read again (the app closed in between) is one problem', async () => {
		const { karin, anna, id } = await family();
		await postOps(id, await token(anna.db, id), ['not an envelope']);
		await sync(karin.db, id);
		expect(await problems(karin.db)).toHaveLength(1);
		// As if the app closed after setting the op aside, before noting it as read.
		const space = (await karin.db.spaces.get(id))!;
		await karin.db.spaces.update(id, { lastSeq: space.lastSeq - 1, lastMark: undefined });
		await sync(karin.db, id);
		expect(await problems(karin.db)).toHaveLength(1);
	});
});

describe("no wipe on anyone's word", () => {
	it("a parent cannot revoke the other parent's token; the relay's refusal deletes nothing", async () => {
		const { karin, anna, bart, id } = await family();
		await anna.db.statements.add(statement(anna.memberId, 'voor iedereen', 'family'));
		await sync(anna.db, id);
		await sync(bart.db, id);
		const bartToken = await token(bart.db, id);
		await expect(
			revokeOnRelay(id, await token(anna.db, id), await sha256Hex(bartToken))
		).rejects.toMatchObject({ code: 'not-allowed' });
		await expect(revokeOnRelay(id, await token(anna.db, id), '0'.repeat(64))).rejects.toMatchObject(
			{ code: 'token-unknown' }
		);
		await expect(fetchOps(id, bartToken, 0)).resolves.toHaveProperty('last');

		// Bart writes a confirmation while offline, then the counsellor takes his device out.
		await saveItem(bart.db, id, 'confirmations', 'c1', {
			versionId: 'v1',
			parentId: bart.memberId,
			confirmedAt: new Date().toISOString()
		});
		await removeDevices(karin.db, (await karin.db.spaces.get(id))!, [
			(await deviceFor(bart.db, id)).deviceId
		]);
		await sync(karin.db, id);
		const bartSync = await sync(bart.db, id);
		expect(bartSync.state).toBe('refused');
		expect(await bart.db.shared.count()).toBeGreaterThan(0);
		expect(await bart.db.spaceItems.filter((i) => i.table === 'confirmations').count()).toBe(1);
		expect((await bart.db.spaces.get(id))!.leftAt).toBeUndefined();
	});

	it('a relay restored from an older backup is noticed: devices read again and send again', async () => {
		const { karin, anna, id } = await family();
		await anna.db.statements.add(statement(anna.memberId, 'eerste', 'counsellors'));
		await sync(anna.db, id);
		await sync(karin.db, id);
		const backupAt = (await fetchOps(id, await token(anna.db, id), 0)).last;
		await anna.db.statements.add(statement(anna.memberId, 'na de back-up', 'counsellors'));
		await sync(anna.db, id);
		await sync(karin.db, id);
		// The relay goes back to its backup, and others write new ops under the lost numbers.
		await sql.query('DELETE FROM relay_ops WHERE space_id = $1 AND seq > $2', [id, backupAt]);
		await sql.query('UPDATE relay_spaces SET last_seq = $2 WHERE space_id = $1', [id, backupAt]);
		await saveItem(karin.db, id, 'agenda', 'a1', {
			conversationId: 'c1',
			addedAt: new Date().toISOString(),
			source: { kind: 'topic', text: 'Vakanties' }
		});
		await sync(karin.db, id);
		await karin.db.shared.clear();
		await karin.db.spaces.update(id, { lastSeq: 0, lastMark: undefined });
		await sync(anna.db, id);
		expect((await anna.db.spaces.get(id))!.relayResetAt).toBeDefined();
		await sync(karin.db, id);
		const texts = (await readSpace(karin.db, id)).statements.map((s) => s.text);
		expect(texts).toEqual(expect.arrayContaining(['eerste', 'na de back-up']));
		expect((await readSpace(anna.db, id)).agendaItems.map((a) => a.id)).toContain('a1');
	});
});

describe('nothing moves between spaces', () => {
	it('an op or a file of family A is refused in family B, by a counsellor who is in both', async () => {
		const karin = await device('Karin', 'counsellor');
		const sanne = await device('Sanne', 'counsellor');
		const anna = await device('Anna', 'parent');
		const bart = await device('Bart', 'parent');
		const a = (await createSpace(karin.db, 'Gezin A')).id;
		const b = (await createSpace(karin.db, 'Gezin B')).id;
		for (const [space, parent] of [
			[a, anna],
			[b, bart]
		] as const) {
			await letIn(karin.db, sanne.db, space, 'counsellor');
			await letIn(karin.db, parent.db, space, 'parent');
		}
		await saveItem(karin.db, a, 'agenda', 'copy-me', {
			conversationId: 'c1',
			addedAt: new Date().toISOString(),
			source: { kind: 'topic', text: 'Alleen in A' }
		});
		await sync(karin.db, a);
		await sync(sanne.db, a);
		expect((await readSpace(sanne.db, a)).agendaItems.map((i) => i.id)).toEqual(['copy-me']);

		// Anna, who reads A's log, gives Bart a copy of Karin's ops; he posts them into B.
		const { ops } = await fetchOps(a, await token(anna.db, a), 0, 1000);
		await postOps(
			b,
			await token(bart.db, b),
			ops.map((op) => op.body)
		);
		// In B, Karin's and Sanne's devices have other ids and keys than in A: the copies are
		// neither from a member of B nor for one (and their signature names A: envelope.test.ts).
		await sync(sanne.db, b);
		expect((await readSpace(sanne.db, b)).agendaItems).toEqual([]);
		expect((await deviceFor(sanne.db, a)).deviceId).not.toBe(
			(await deviceFor(sanne.db, b)).deviceId
		);

		// Karin's file of A, relabelled as B's, changes nothing in B either.
		const file = JSON.parse(
			await (await exportShared(karin.db, (await karin.db.spaces.get(a))!))!.text()
		);
		const relabelled = new Blob([JSON.stringify({ ...file, spaceId: b })]);
		const result = await importShared(sanne.db, (await sanne.db.spaces.get(b))!, relabelled);
		expect(result).toMatchObject({ ok: true, applied: 0 });
		expect((await readSpace(sanne.db, b)).agendaItems).toEqual([]);
	});
});

describe('never stuck on size', () => {
	it('a record too large for the relay is reported on its own; the rest of the batch still goes', async () => {
		const { karin, anna, id } = await family();
		const now = new Date().toISOString();
		const long = '😀'.repeat(5000);
		await anna.db.reflections.add({
			id: 'huge',
			ownerId: anna.memberId,
			date: '2026-11-30',
			visibility: 'counsellors',
			createdAt: now,
			updatedAt: now,
			payload: { statementIds: [], note: '', happened: long, did: long, nextTime: long }
		});
		await anna.db.statements.add(statement(anna.memberId, 'gaat gewoon mee', 'counsellors'));
		await sync(anna.db, id);
		expect(await problems(anna.db)).toEqual(['not-sent']);
		await sync(karin.db, id);
		expect((await readSpace(karin.db, id)).statements.map((s) => s.text)).toContain(
			'gaat gewoon mee'
		);
		expect(await anna.db.reflections.get('huge')).toBeDefined();
	});
});

describe('a log that grows slowly', () => {
	it('while someone types, a record goes at most once a minute; a change of readers at once', async () => {
		const { karin, anna, id } = await family();
		const goal = statement(anna.memberId, 'Ik wil', 'counsellors');
		await anna.db.statements.add(goal);
		await sync(anna.db, id);
		const sent = async () => (await fetchOps(id, await token(anna.db, id), 0, 1000)).last;
		const before = await sent();
		for (const text of ['Ik wil rust', 'Ik wil rust voor', 'Ik wil rust voor de kinderen'])
			await anna.db.statements.update(goal.id, { payload: { ...goal.payload, text } });
		const annaSync = await sync(anna.db, id);
		expect(await sent()).toBe(before);
		expect(annaSync.waiting).toBe(1);

		// A minute later the newest text goes, once.
		const me = await deviceFor(anna.db, id);
		const later = await nextBatch(anna.db, me, anna.memberId, id, true, 100, Date.now() + 61_000);
		expect(later?.bodies).toHaveLength(1);
		await postOps(id, await token(anna.db, id), later!.bodies);
		await later!.done();
		await sync(karin.db, id);
		expect((await readSpace(karin.db, id)).statements.map((s) => s.text)).toEqual([
			'Ik wil rust voor de kinderen'
		]);

		// Un-sharing does not wait.
		await anna.db.statements.update(goal.id, { visibility: 'private' });
		await sync(anna.db, id);
		await sync(karin.db, id);
		expect((await readSpace(karin.db, id)).statements).toEqual([]);
	});
});

describe('a parent who lost their only phone', () => {
	it("comes back through a counsellor's invite as a new person who was that parent", async () => {
		const { karin, anna, bart, id } = await family();
		await bart.db.statements.add(statement(bart.memberId, 'voor iedereen', 'family'));
		await sync(bart.db, id);
		const lost = (await deviceFor(anna.db, id)).deviceId;

		const newPhone = await device('Anna', 'parent');
		const invite = await createReturnInvite(
			karin.db,
			(await karin.db.spaces.get(id))!,
			anna.memberId
		);
		expect(await joinSpace(newPhone.db, invite)).toMatchObject({ ok: true });
		await sync(karin.db, id);
		const answered = (await karin.db.invites.get(invite.inviteId))!;
		await admit(karin.db, (await karin.db.spaces.get(id))!, answered);
		for (const db of [karin.db, newPhone.db, bart.db]) await sync(db, id);

		const bartView = await readSpace(bart.db, id);
		const back = bartView.members.find((m) => m.memberId === newPhone.memberId);
		expect(back).toMatchObject({ role: 'parent', replaces: anna.memberId });
		expect(bartView.members.map((m) => m.memberId)).not.toContain(anna.memberId);
		expect(await deviceIds(bart.db, id)).not.toContain(lost);
		// Bart says yes to her like to anyone new; until then nothing of his reaches her.
		expect((await readSpace(newPhone.db, id)).statements).toEqual([]);
		await agreeToPerson(bart.db, (await bart.db.spaces.get(id))!, newPhone.memberId);
		await sync(bart.db, id);
		await sync(newPhone.db, id);
		expect((await readSpace(newPhone.db, id)).statements.map((s) => s.text)).toEqual([
			'voor iedereen'
		]);

		// A parent's device cannot let anyone in "in place of" someone.
		const fake = await outsider('Anna', 'parent');
		const forged = await sealOp(
			await deviceFor(bart.db, id),
			id,
			{ t: 'admit', device: fake.card, replaces: newPhone.memberId },
			await devicesOf(bart.db, id)
		);
		await postOps(id, await token(bart.db, id), [forged]);
		await sync(karin.db, id);
		expect(await deviceIds(karin.db, id)).not.toContain(fake.card.deviceId);
	});
});
