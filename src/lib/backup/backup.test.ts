import 'fake-indexeddb/auto';
import Dexie, { type Table } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restoreBackup } from '$lib/db/backup-repository';
import { KoersDatabase } from '$lib/db/database';
import { writeDraft } from '$lib/db/draft-repository';
import {
	addStatement,
	listStatements,
	saveStatementText,
	updateStatementDetails
} from '$lib/db/statement-repository';
import { makeBackup, openBackup, readBackupEnvelope } from './backup-file';

const PASSPHRASE = 'appel boom en een rivier';
let db: KoersDatabase;
let count = 0;
beforeEach(() => {
	db = new KoersDatabase(`koers-backup-${++count}`);
});
afterEach(async () => {
	db.close();
	await Dexie.delete(db.name);
});

async function someWriting(target: KoersDatabase, text = 'Rust voor de kinderen') {
	const statement = await addStatement(
		target,
		{ kind: 'vision', theme: 'care', text, childIds: [], visibility: 'family' },
		'me-1',
		new Date('2026-11-01T10:00:00Z')
	);
	if (typeof statement === 'string') throw new Error(statement);
	await target.spaces.put({
		id: 'fam1',
		myRole: 'parent',
		token: 'SECRET-TOKEN',
		lastSeq: 12,
		joinedAt: '2026-10-01T10:00:00Z',
		payload: { name: 'Gezin Jansen' }
	});
	await target.invites.put({
		id: 'i1',
		spaceId: 'fam1',
		role: 'parent',
		ownDevice: false,
		secret: 'INVITE-SECRET',
		secretHash: 'h',
		createdAt: '2026-10-01T10:00:00Z',
		expiresAt: '2026-10-02T10:00:00Z',
		status: 'open'
	});
	return statement.id;
}

const profile = (memberId: string, at: string) => ({
	id: 'me' as const,
	memberId,
	role: 'parent' as const,
	createdAt: at,
	updatedAt: at,
	payload: { name: 'Sam' }
});

async function readBack(file: Blob, passphrase = PASSPHRASE, into = db) {
	const read = await readBackupEnvelope(file);
	if (!read.ok) return read;
	return openBackup(into, read.envelope, passphrase);
}

describe('a backup', { timeout: 30_000 }, () => {
	it('holds what the person wrote, never the relay token or invite secrets, and is sealed with the passphrase', async () => {
		await someWriting(db);
		const { name, file } = await makeBackup(db, PASSPHRASE, new Date('2026-12-01T09:00:00Z'));
		expect(name).toBe('koers-reservekopie-2026-12-01.json');
		const text = await file.text();
		expect(text).not.toContain('Rust voor de kinderen');
		expect(text).not.toContain('Gezin Jansen');

		const read = await readBack(file);
		if (!read.ok) throw new Error(read.problem);
		expect(read.tables.statements?.[0]).toMatchObject({
			payload: { text: 'Rust voor de kinderen' }
		});
		expect(read.tables.spaces).toEqual([
			{
				id: 'fam1',
				myRole: 'parent',
				joinedAt: '2026-10-01T10:00:00Z',
				payload: { name: 'Gezin Jansen' }
			}
		]);
		expect(JSON.stringify(read.tables)).not.toMatch(/SECRET-TOKEN|INVITE-SECRET/);
		expect(Object.keys(read.tables)).not.toContain('device');
		expect(Object.keys(read.tables)).not.toContain('meta');
	});

	it('does not open with a wrong passphrase, or when a byte or its date was changed', async () => {
		await someWriting(db);
		const { file } = await makeBackup(db, PASSPHRASE);
		expect(await readBack(file, 'appel boom en een beek')).toEqual({
			ok: false,
			problem: 'wrongPassphrase'
		});
		expect(await readBack(file, '')).toEqual({ ok: false, problem: 'needsPassphrase' });

		const envelope = JSON.parse(await file.text());
		const data: string = envelope.sealed.data;
		const flipped = {
			...envelope,
			sealed: {
				...envelope.sealed,
				data: `${data.slice(0, 40)}${data[40] === 'A' ? 'B' : 'A'}${data.slice(41)}`
			}
		};
		expect(await readBack(new Blob([JSON.stringify(flipped)]))).toEqual({
			ok: false,
			problem: 'wrongPassphrase'
		});
		const redated = { ...envelope, createdAt: '2026-01-01T00:00:00.000Z' };
		expect(await readBack(new Blob([JSON.stringify(redated)]))).toEqual({
			ok: false,
			problem: 'wrongPassphrase'
		});
		const costly = {
			...envelope,
			sealed: { ...envelope.sealed, kdf: { ...envelope.sealed.kdf, memoryKiB: 4 * 1024 * 1024 } }
		};
		expect(await readBack(new Blob([JSON.stringify(costly)]))).toEqual({
			ok: false,
			problem: 'wrongPassphrase'
		});
	});

	it('is not read at all above 100 MB', async () => {
		const big = { size: 100 * 1024 * 1024 + 1, text: vi.fn() } as unknown as Blob;
		expect(await readBackupEnvelope(big)).toEqual({ ok: false, problem: 'tooLarge' });
		expect(big.text).not.toHaveBeenCalled();
	});
});

describe('restoring a backup', () => {
	it('on a new device adds everything, and a family comes back without syncing', async () => {
		await someWriting(db);
		await db.profile.put(profile('me-1', '2026-10-01T10:00:00Z'));
		const { file } = await makeBackup(db, undefined);
		const fresh = new KoersDatabase(`koers-backup-fresh-${count}`);
		// Set up just now, with a member id of its own: it takes on the backup's.
		await fresh.profile.put(profile('me-2', '2026-12-01T09:00:00Z'));
		const read = await readBack(file, '', fresh);
		if (!read.ok) throw new Error(read.problem);

		const report = await restoreBackup(fresh, read.tables, {
			now: new Date('2026-12-01T10:00:00Z')
		});

		expect(report.statements).toEqual({ added: 1, updated: 0, kept: 0 });
		expect((await listStatements(fresh))[0]?.text).toBe('Rust voor de kinderen');
		const family = await fresh.spaces.get('fam1');
		expect(family).toMatchObject({ token: '', lastSeq: 0, leftAt: '2026-12-01T10:00:00.000Z' });
		expect(await fresh.invites.count()).toBe(0);
		expect((await fresh.profile.get('me'))?.memberId).toBe('me-1');
		fresh.close();
		await Dexie.delete(fresh.name);
	});

	it('on the same device never overwrites newer work, nor the family it still has', async () => {
		const id = await someWriting(db);
		const { file } = await makeBackup(db, undefined);
		await saveStatementText(db, id, 'Later herschreven', { now: new Date('2026-11-20T10:00:00Z') });
		await updateStatementDetails(
			db,
			id,
			{ visibility: 'private' },
			new Date('2026-11-21T10:00:00Z')
		);
		const read = await readBack(file, '');
		if (!read.ok) throw new Error(read.problem);

		const report = await restoreBackup(db, read.tables);

		expect(report.statements).toEqual({ added: 0, updated: 0, kept: 1 });
		expect((await listStatements(db))[0]).toMatchObject({
			text: 'Later herschreven',
			visibility: 'private'
		});
		expect((await db.spaces.get('fam1'))?.token).toBe('SECRET-TOKEN');
	});

	it('as a rehearsal reports what it would add and changes nothing', async () => {
		await someWriting(db);
		const { file } = await makeBackup(db, undefined);
		const fresh = new KoersDatabase(`koers-backup-rehearse-${count}`);
		const read = await readBack(file, '', fresh);
		if (!read.ok) throw new Error(read.problem);

		const report = await restoreBackup(fresh, read.tables, { rehearse: true });

		expect(report.statements?.added).toBe(1);
		expect(await fresh.statements.count()).toBe(0);
		expect(await fresh.spaces.count()).toBe(0);
		fresh.close();
		await Dexie.delete(fresh.name);
	});

	it('stopped halfway leaves the database exactly as it was (one transaction)', async () => {
		await writeDraft(db, 'mine', 'kept');
		const backup = {
			drafts: [{ id: 'new', updatedAt: '2026-11-01T10:00:00Z', payload: { text: 'from backup' } }],
			statementVersions: [
				{ id: 'v1', statementId: 's1', savedAt: '2026-11-01T10:00:00Z', payload: { text: 'x' } }
			]
		};
		// The last table's write fails, as when the tab is closed halfway.
		const tables = Object.getPrototypeOf(db.drafts) as Table;
		const bulkPut = tables.bulkPut;
		vi.spyOn(tables, 'bulkPut').mockImplementation(function (this: Table, ...args: unknown[]) {
			if (this.name === 'statementVersions') return Promise.reject(new Error('tab closed'));
			return bulkPut.apply(this, args as Parameters<typeof bulkPut>);
		} as never);

		await expect(restoreBackup(db, backup)).rejects.toThrow('tab closed');

		vi.restoreAllMocks();
		expect(await db.drafts.toArray()).toEqual([expect.objectContaining({ id: 'mine' })]);
	});
});
