import { join } from 'node:path';
import { pgliteSql } from './pglite-sql';
import { postgresSql } from './postgres-sql';
import { createRelayStore, migrate, type RelayStore, type Sql } from './store';

export interface Relay {
	store: RelayStore;
	sql: Sql;
	/** Which backend holds the log, for operators. */
	storage: 'embedded' | 'postgres';
}

/**
 * Opens the relay's storage and brings its tables up to date: PostgreSQL when a database
 * URL is given, otherwise the embedded database in `<dataDir>/relay`.
 */
export async function openRelay(options: {
	databaseUrl?: string;
	dataDir: string;
}): Promise<Relay> {
	const storage = options.databaseUrl ? 'postgres' : 'embedded';
	const sql = options.databaseUrl
		? postgresSql(options.databaseUrl)
		: await pgliteSql(join(options.dataDir, 'relay'));
	await migrate(sql);
	return { store: createRelayStore(sql), sql, storage };
}
