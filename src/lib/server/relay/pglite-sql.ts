import { PGlite } from '@electric-sql/pglite';
import type { Sql } from './store';

/** Embedded PostgreSQL (WebAssembly): files under `dataDir`, or in memory without one. */
export async function pgliteSql(dataDir?: string): Promise<Sql> {
	const db = dataDir ? new PGlite(dataDir) : new PGlite();
	await db.waitReady;
	return {
		query: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
		transaction: (work) =>
			db.transaction((tx) =>
				work({
					query: async <T>(text: string, params?: unknown[]) =>
						(await tx.query<T>(text, params)).rows
				})
			),
		// One process, one session: it hears its own notifications, after commit.
		async listen(channel, onPayload) {
			const unlisten = await db.listen(channel, onPayload);
			return () => unlisten();
		},
		close: () => db.close()
	};
}
