import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KoersDatabase } from '$lib/db/database';
import { openKoersDatabase } from '$lib/db/open';
import { readDraft, writeDraft } from '$lib/db/draft-repository';
import { addChild, listChildren } from '$lib/db/child-repository';
import {
	addStatement,
	deleteStatement,
	listStatements,
	saveStatementText
} from '$lib/db/statement-repository';
import { DATABASE_NAME } from '$lib/db/schema';
import { thisDevice, withNewKeys } from '$lib/family/sync/device';
import { changeCode, renewUnsealedKeys, turnLockOff, turnLockOn } from './app-lock';
import { unwrapDataKey, WrongCodeError } from './code-key';
import { forgetDataKey, holdDataKey } from './data-key';
import { lockIsOn } from './lock-mark';
import { readLock } from './lock-store';
import { finishRebuild } from './rebuild';

const MARKER = 'MARKER-7Q2X';
const CODE = 'rode fiets in het gras';

/** Every value of every store, as text; sealed bytes as the characters they are. */
async function everythingStored(name: string): Promise<string> {
	const raw = new Dexie(name);
	await raw.open();
	try {
		const all = await Promise.all(raw.tables.map((table) => table.toArray()));
		return JSON.stringify(all, (_key, value) =>
			value instanceof Uint8Array ? String.fromCharCode(...value) : value
		);
	} finally {
		raw.close();
	}
}

async function writeEverything(db: KoersDatabase) {
	const owner = 'me-1';
	const statement = await addStatement(
		db,
		{ kind: 'vision', theme: 'care', text: `Visie ${MARKER}`, childIds: [], visibility: 'private' },
		owner
	);
	if (typeof statement === 'string') throw new Error(statement);
	await saveStatementText(db, statement.id, `Visie ${MARKER} herschreven`, { restoring: true });
	await addChild(db, owner, { name: `Kind ${MARKER}` });
	await writeDraft(db, 'statement:new', `Nog niet bewaard ${MARKER}`);
	await db.profile.put({
		id: 'me',
		memberId: owner,
		role: 'parent',
		createdAt: '2026-01-01T00:00:00Z',
		updatedAt: '2026-01-01T00:00:00Z',
		payload: { name: `Sam ${MARKER}` }
	});
	return statement.id;
}

async function unlocked(code: string): Promise<KoersDatabase> {
	const stored = await readLock();
	if (!stored) throw new Error('no lock');
	holdDataKey(await unwrapDataKey(stored.lock, code));
	const status = await openKoersDatabase();
	if (status.state !== 'ready') throw new Error(status.state);
	return status.db;
}

afterEach(async () => {
	forgetDataKey();
	await Dexie.delete(DATABASE_NAME);
	localStorage.clear();
});

// Each code is an Argon2id derivation with 64 MiB: a few of them take seconds on a busy machine.
describe('the app lock', { timeout: 30_000 }, () => {
	it('seals everything a person wrote, and opens it again with the code', async () => {
		const db = new KoersDatabase();
		const statementId = await writeEverything(db);
		expect(await everythingStored(DATABASE_NAME)).toContain(MARKER);

		await turnLockOn(db, CODE, 'passphrase', 5);

		expect(lockIsOn()).toBe(true);
		const stored = await everythingStored(DATABASE_NAME);
		expect(stored).not.toContain(MARKER);
		expect(stored).toContain(statementId);
		expect(await Dexie.exists(`${DATABASE_NAME}.rebuild`)).toBe(false);

		const opened = await unlocked(CODE);
		const [statement] = await listStatements(opened);
		expect(statement?.text).toBe(`Visie ${MARKER} herschreven`);
		expect(statement?.visibility).toBe('private');
		expect((await listChildren(opened))[0]?.name).toBe(`Kind ${MARKER}`);
		expect(await readDraft(opened, 'statement:new')).toBe(`Nog niet bewaard ${MARKER}`);
		expect(await opened.statementVersions.count()).toBe(1);

		// Changes made while unlocked are sealed too, through updates and indexes alike.
		await deleteStatement(opened, statementId);
		await writeDraft(opened, 'reflection:new', `Later ${MARKER}`);
		expect(await opened.statements.where('kind').equals('vision').count()).toBe(1);
		expect((await opened.statements.get(statementId))?.deletedAt).toBeDefined();
		expect(await everythingStored(DATABASE_NAME)).not.toContain(MARKER);
		opened.close();
	});

	it('opens nothing with a wrong code, and writes nothing once the key is forgotten', async () => {
		const db = new KoersDatabase();
		await writeEverything(db);
		await turnLockOn(db, '123456', 'pin', 1);
		const stored = await readLock();
		await expect(unwrapDataKey(stored!.lock, '123457')).rejects.toThrow(WrongCodeError);

		const opened = await unlocked('123456');
		forgetDataKey();
		await expect(opened.statements.toArray()).rejects.toThrow(/locked/);
		await expect(writeDraft(opened, 'x', `Open ${MARKER}`)).rejects.toThrow(/locked/);
		expect(await everythingStored(DATABASE_NAME)).not.toContain(MARKER);
		opened.close();
	});

	it('changes its code without losing anything, and turned off writes the records open again', async () => {
		const db = new KoersDatabase();
		await writeEverything(db);
		await turnLockOn(db, CODE, 'passphrase', 15);
		const opened = await unlocked(CODE);

		await expect(changeCode(opened, 'wrong code here', '654321', 'pin')).rejects.toThrow(
			WrongCodeError
		);
		await changeCode(opened, CODE, '654321', 'pin');
		const lock = (await readLock())!.lock;
		expect(lock.kind).toBe('pin');
		expect(lock.idleMinutes).toBe(15);
		await expect(unwrapDataKey(lock, CODE)).rejects.toThrow(WrongCodeError);
		opened.close();
		forgetDataKey();

		const again = await unlocked('654321');
		expect((await listStatements(again))[0]?.text).toContain(MARKER);
		await expect(turnLockOff(again, CODE)).rejects.toThrow(WrongCodeError);
		await turnLockOff(again, '654321');
		forgetDataKey();

		expect(lockIsOn()).toBe(false);
		expect(await readLock()).toBeUndefined();
		expect(await everythingStored(DATABASE_NAME)).toContain(`Visie ${MARKER} herschreven`);
		const status = await openKoersDatabase();
		if (status.state !== 'ready') throw new Error(status.state);
		expect((await listChildren(status.db))[0]?.name).toBe(`Kind ${MARKER}`);
		status.db.close();
	});

	it("seals a marker in every table, by the schema's own list", async () => {
		const db = new KoersDatabase();
		const tables = db.tables.filter((table) => table.name !== 'meta');
		for (const table of tables) {
			const { primKey, indexes } = table.schema;
			const record: Record<string, unknown> = { secret: `${MARKER} ${table.name}` };
			const fields = [primKey, ...indexes].flatMap((index) =>
				index.auto ? [] : Array.isArray(index.keyPath) ? index.keyPath : [index.keyPath ?? '']
			);
			for (const field of fields) if (field) record[field] = `${table.name}-1`;
			// An identity has keys: a real one, with the marker beside them.
			if (table.name === 'device') Object.assign(record, await thisDevice(db), record);
			await table.put(record);
		}
		expect(await everythingStored(DATABASE_NAME)).toContain(MARKER);

		await turnLockOn(db, CODE, 'passphrase', 5);

		expect(await everythingStored(DATABASE_NAME)).not.toContain(MARKER);
		const opened = await unlocked(CODE);
		for (const table of tables) {
			// Beside it, the lock's own records (new keys, and a rekey op for the space).
			const records = (await opened.table(table.name).toArray()) as { secret?: string }[];
			expect(records.map((record) => record.secret)).toContain(`${MARKER} ${table.name}`);
		}
		opened.close();
	});

	it('gives the device new keys, kept only inside the seal and usable once opened', async () => {
		const db = new KoersDatabase();
		const before = await thisDevice(db);
		await turnLockOn(db, CODE, 'passphrase', 5);

		const raw = new Dexie(DATABASE_NAME);
		await raw.open();
		const [stored] = await raw.table('device').toArray();
		raw.close();
		expect(stored.encryption).toBeUndefined();
		expect(stored.signing).toBeUndefined();
		expect(stored.secretKeys).toBeUndefined();
		expect(stored.sealed).toBeInstanceOf(Uint8Array);

		const opened = await unlocked(CODE);
		const after = await thisDevice(opened);
		expect(after.deviceId).toBe(before.deviceId);
		expect(after.signingPublic).not.toBe(before.signingPublic);
		const bytes = (await opened.device.get('this'))!.secretKeys!;
		expect(await everythingStored(DATABASE_NAME)).not.toContain(bytes.signing);
		const data = new TextEncoder().encode('koers');
		const signature = await crypto.subtle.sign('Ed25519', after.signing.privateKey, data);
		expect(await crypto.subtle.verify('Ed25519', after.signing.publicKey, signature, data)).toBe(
			true
		);
		opened.close();
	});

	it('renews keys kept beside the seal by a device locked before keys could be sealed', async () => {
		await turnLockOn(new KoersDatabase(), CODE, 'passphrase', 5);
		const opened = await unlocked(CODE);
		const identity = { id: 'this', deviceId: 'd1', encryptionPublic: '', signingPublic: '' };
		const old = await withNewKeys({ ...identity, clock: '' }, false);
		await opened.device.put(old);

		expect(await renewUnsealedKeys(opened)).toBe(true);
		const status = await openKoersDatabase();
		if (status.state !== 'ready') throw new Error(status.state);
		const renewed = (await status.db.device.get('this'))!;
		expect(renewed.encryption).toBeUndefined();
		expect(renewed.signingPublic).not.toBe(old.signingPublic);
		expect(await renewUnsealedKeys(status.db)).toBe(false);
		status.db.close();
	});

	it('asks for the key before it opens a locked database', async () => {
		const db = new KoersDatabase();
		await writeEverything(db);
		await turnLockOn(db, CODE, 'passphrase', 5);
		expect((await openKoersDatabase()).state).toBe('locked');
	});
});

describe('a rebuild that stopped halfway', () => {
	const COPY = `${DATABASE_NAME}.rebuild`;

	it('is finished from a complete copy at the next start', async () => {
		const copy = new KoersDatabase(COPY);
		await writeDraft(copy, 'kept', 'from the copy');
		await copy.meta.put({ key: 'rebuildComplete', value: true });
		copy.close();

		await finishRebuild();

		const db = new KoersDatabase();
		expect(await readDraft(db, 'kept')).toBe('from the copy');
		expect(await db.meta.get('rebuildComplete')).toBeUndefined();
		expect(await Dexie.exists(COPY)).toBe(false);
		db.close();
	});

	it('throws an incomplete copy away and keeps the database as it was', async () => {
		const db = new KoersDatabase();
		await writeDraft(db, 'mine', 'still here');
		db.close();
		const copy = new KoersDatabase(COPY);
		await writeDraft(copy, 'mine', 'half a copy');
		copy.close();

		await finishRebuild();

		const after = new KoersDatabase();
		expect(await readDraft(after, 'mine')).toBe('still here');
		expect(await Dexie.exists(COPY)).toBe(false);
		after.close();
	});
});
