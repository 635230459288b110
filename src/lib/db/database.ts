import Dexie, { type Table, type Transaction } from 'dexie';
import {
	DATABASE_NAME,
	MARKER_APP,
	MARKER_KEY,
	SCHEMA,
	SCHEMA_VERSION,
	type ChildRecord,
	type DeviceRecord,
	type InviteRecord,
	type OutboxRecord,
	type RecordSyncRecord,
	type SharedRecord,
	type SpaceItemRecord,
	type SpaceDeviceRecord,
	type SpaceRecord,
	type SyncProblemRecord,
	type DraftRecord,
	type MetaRecord,
	type ProfileRecord,
	type ProfileRecordV1,
	type ReflectionRecord,
	type SettingRecord,
	type SchemaMarker,
	type StatementRecord,
	type StatementVersionRecord
} from './schema';

function writeMarker(tx: Transaction, version: number) {
	const value: SchemaMarker = { app: MARKER_APP, version };
	return tx.table<MetaRecord, string>('meta').put({ key: MARKER_KEY, value });
}

/** The stamp of what a schema upgrade writes: older than anything a device ever stamped. */
const UPGRADE_STAMP = '000000000000000:00000:upgrade';

/**
 * Schema 7 brings the rules of who may read whose items. Spaces that exist keep their
 * members: everyone in a space counts as agreed to by everyone else in it ("before"), and
 * envelopes this device already read stay believed (`legacyUntil`). Every addition from
 * now on follows the new rules.
 */
async function upgradeSpacesTo7(tx: Transaction) {
	const spaces = await tx.table<SpaceRecord, string>('spaces').toArray();
	const devices = await tx.table<SpaceDeviceRecord, [string, string]>('spaceDevices').toArray();
	const items = tx.table<SpaceItemRecord, string>('spaceItems');
	const agreedAt = new Date().toISOString();
	for (const space of spaces) {
		await tx.table('spaces').update(space.id, { legacyUntil: space.lastSeq });
		const people = [
			...new Set(
				devices
					.filter((d) => d.spaceId === space.id && d.removedAtSeq === undefined)
					.map((d) => d.memberId)
			)
		];
		for (const owner of people)
			for (const reader of people.filter((p) => p !== owner))
				await items.put({
					key: `${space.id}|consents/${owner}/${reader}`,
					spaceId: space.id,
					table: 'consents',
					id: reader,
					ownerId: owner,
					stamp: UPGRADE_STAMP,
					audience: 'open',
					pending: 0,
					payload: { agreedAt, how: 'before' }
				});
	}
}

export class KoersDatabase extends Dexie {
	meta!: Table<MetaRecord, string>;
	profile!: Table<ProfileRecord, string>;
	drafts!: Table<DraftRecord, string>;
	children!: Table<ChildRecord, string>;
	statements!: Table<StatementRecord, string>;
	statementVersions!: Table<StatementVersionRecord, string>;
	reflections!: Table<ReflectionRecord, string>;
	settings!: Table<SettingRecord, string>;
	device!: Table<DeviceRecord, string>;
	spaces!: Table<SpaceRecord, string>;
	spaceDevices!: Table<SpaceDeviceRecord, [string, string]>;
	invites!: Table<InviteRecord, string>;
	outbox!: Table<OutboxRecord, number>;
	recordSync!: Table<RecordSyncRecord, string>;
	shared!: Table<SharedRecord, string>;
	syncProblems!: Table<SyncProblemRecord, number>;
	spaceItems!: Table<SpaceItemRecord, string>;

	constructor(name: string = DATABASE_NAME) {
		super(name);
		this.version(1)
			.stores(SCHEMA[1])
			.upgrade((tx) => writeMarker(tx, 1));
		this.version(2)
			.stores(SCHEMA[2])
			.upgrade(async (tx) => {
				// Version 2 moves what the person wrote into `payload`, ready for encryption at rest.
				await tx
					.table('profile')
					.toCollection()
					.modify((record: Partial<ProfileRecordV1> & { payload?: { name: string } }) => {
						if (record.payload === undefined && typeof record.name === 'string') {
							record.payload = { name: record.name };
							delete record.name;
						}
					});
				await writeMarker(tx, 2);
			});
		this.version(3)
			.stores(SCHEMA[3])
			.upgrade(async (tx) => {
				// Every record gets an owner; the person on this device needs an id for that.
				await tx
					.table('profile')
					.toCollection()
					.modify((record: Partial<ProfileRecord>) => {
						record.memberId ??= crypto.randomUUID();
					});
				await writeMarker(tx, 3);
			});
		this.version(4)
			.stores(SCHEMA[4])
			.upgrade((tx) => writeMarker(tx, 4));
		this.version(5)
			.stores(SCHEMA[5])
			.upgrade((tx) => writeMarker(tx, 5));
		this.version(6)
			.stores(SCHEMA[6])
			.upgrade((tx) => writeMarker(tx, 6));
		this.version(7)
			.stores(SCHEMA[7])
			.upgrade(async (tx) => {
				await upgradeSpacesTo7(tx);
				await writeMarker(tx, 7);
			});
		this.on('populate', (tx) => {
			void writeMarker(tx, SCHEMA_VERSION);
		});
	}
}
