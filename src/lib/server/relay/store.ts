/**
 * The relay's storage: an append-only log of opaque, end-to-end encrypted ops per family
 * space. It knows the space id, a hash of the posting member's token, the size and the
 * time; never what an op says. One interface, two backends (embedded PGlite and
 * PostgreSQL) running the same SQL.
 */
export interface StoredOp {
	seq: number;
	size: number;
	receivedAt: string;
	body: string;
}

export interface RelayStore {
	/** Appends ops in order and returns their sequence numbers, without gaps. */
	append(
		spaceId: string,
		tokenHash: string,
		bodies: readonly string[],
		now: Date
	): Promise<number[]>;
	/** Ops of a space after `after`, oldest first. */
	since(spaceId: string, after: number, limit: number): Promise<StoredOp[]>;
	close(): Promise<void>;
}

/** What both backends offer: a query, and a transaction that runs queries on one connection. */
export interface Sql {
	query<T>(text: string, params?: unknown[]): Promise<T[]>;
	transaction<R>(work: (sql: Pick<Sql, 'query'>) => Promise<R>): Promise<R>;
	close(): Promise<void>;
}

const MIGRATIONS = [
	`CREATE TABLE relay_spaces (
		space_id TEXT PRIMARY KEY,
		last_seq BIGINT NOT NULL DEFAULT 0
	)`,
	`CREATE TABLE relay_ops (
		space_id TEXT NOT NULL,
		seq BIGINT NOT NULL,
		token_hash TEXT NOT NULL,
		size INTEGER NOT NULL,
		received_at TIMESTAMPTZ NOT NULL,
		body TEXT NOT NULL,
		PRIMARY KEY (space_id, seq)
	)`
];

/** Runs the migrations not yet applied, in order, at start. Safe to run from two processes. */
export async function migrate(sql: Sql): Promise<void> {
	await sql.transaction(async (tx) => {
		// One migrator at a time across processes (the lock ends with the transaction); even
		// CREATE TABLE IF NOT EXISTS races when two processes start together.
		await tx.query('SELECT pg_advisory_xact_lock(7071)');
		await tx.query('CREATE TABLE IF NOT EXISTS relay_migrations (version INTEGER PRIMARY KEY)');
		const done = new Set(
			(await tx.query<{ version: number }>('SELECT version FROM relay_migrations')).map((r) =>
				Number(r.version)
			)
		);
		for (const [index, statement] of MIGRATIONS.entries()) {
			if (done.has(index + 1)) continue;
			await tx.query(statement);
			await tx.query('INSERT INTO relay_migrations (version) VALUES ($1)', [index + 1]);
		}
	});
}

/** The log on top of either backend. */
export function createRelayStore(sql: Sql): RelayStore {
	return {
		append(spaceId, tokenHash, bodies, now) {
			if (bodies.length === 0) return Promise.resolve([]);
			return sql.transaction(async (tx) => {
				// The counter row is locked until commit, so two relay processes never commit
				// sequence numbers out of order, and there are no gaps.
				const [row] = await tx.query<{ last_seq: string | number }>(
					`INSERT INTO relay_spaces (space_id, last_seq) VALUES ($1, $2)
					 ON CONFLICT (space_id) DO UPDATE SET last_seq = relay_spaces.last_seq + $2
					 RETURNING last_seq`,
					[spaceId, bodies.length]
				);
				const last = Number(row!.last_seq);
				const first = last - bodies.length + 1;
				for (const [i, body] of bodies.entries()) {
					await tx.query(
						'INSERT INTO relay_ops (space_id, seq, token_hash, size, received_at, body) VALUES ($1, $2, $3, $4, $5, $6)',
						[
							spaceId,
							first + i,
							tokenHash,
							new TextEncoder().encode(body).length,
							now.toISOString(),
							body
						]
					);
				}
				return bodies.map((_, i) => first + i);
			});
		},
		async since(spaceId, after, limit) {
			const rows = await sql.query<{
				seq: string | number;
				size: number;
				received_at: Date | string;
				body: string;
			}>(
				'SELECT seq, size, received_at, body FROM relay_ops WHERE space_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
				[spaceId, after, limit]
			);
			return rows.map((r) => ({
				seq: Number(r.seq),
				size: r.size,
				receivedAt: new Date(r.received_at).toISOString(),
				body: r.body
			}));
		},
		close: () => sql.close()
	};
}
