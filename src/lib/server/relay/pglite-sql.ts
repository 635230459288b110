import { PGlite } from '@electric-sql/pglite';
import type { Sql } from './store';

/** Embedded PostgreSQL (WebAssembly): files under `dataDir`, or in memory without one. */
export async function pgliteSql(dataDir?: string): Promise<Sql> {
	const db = dataDir ? new PGlite(dataDir) : new PGlite();
	await db.waitReady;

	// PGlite answers within the same turn of the event loop, without I/O. Queued queries
	// would run back to back and keep the server from reading requests, sending answers
	// and running timers for seconds under load; so each query or transaction waits its
	// turn and lets the event loop run first.
	let turn: Promise<unknown> = Promise.resolve();
	function inTurn<R>(work: () => Promise<R>): Promise<R> {
		const run = turn.then(() => new Promise((resolve) => setImmediate(resolve))).then(work);
		turn = run.catch(() => undefined);
		return run;
	}

	return {
		query: <T>(text: string, params?: unknown[]) =>
			inTurn(async () => (await db.query<T>(text, params)).rows),
		transaction: (work) =>
			inTurn(() =>
				db.transaction((tx) =>
					work({
						query: async <T>(text: string, params?: unknown[]) =>
							(await tx.query<T>(text, params)).rows
					})
				)
			),
		// One process, one session: it hears its own notifications, after commit.
		async listen(channel, onPayload) {
			const unlisten = await inTurn(() => db.listen(channel, onPayload));
			return () => inTurn(() => unlisten());
		},
		close: () => inTurn(() => db.close())
	};
}
