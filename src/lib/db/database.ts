import Dexie, { type Table, type Transaction } from 'dexie';
import {
	DATABASE_NAME,
	MARKER_APP,
	MARKER_KEY,
	SCHEMA,
	SCHEMA_VERSION,
	type ChildRecord,
	type StoredDeviceRecord,
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

export class KoersDatabase extends Dexie {
	meta!: Table<MetaRecord, string>;
	profile!: Table<ProfileRecord, string>;
	drafts!: Table<DraftRecord, string>;
	children!: Table<ChildRecord, string>;
	statements!: Table<StatementRecord, string>;
	statementVersions!: Table<StatementVersionRecord, string>;
	reflections!: Table<ReflectionRecord, string>;
	settings!: Table<SettingRecord, string>;
	device!: Table<StoredDeviceRecord, string>;
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
		this.on('populate', (tx) => {
			void writeMarker(tx, SCHEMA_VERSION);
		});
	}
}
