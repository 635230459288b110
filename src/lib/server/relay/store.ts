/**
 * The relay's storage: an append-only log of opaque, end-to-end encrypted ops per family
 * space, the hashes of the member tokens that may use it and the invites that admit new
 * ones. It knows the space id, a hash of the posting member's token, the size and the
 * time; never what an op says. It also knows which token registered each invite and which
 * tokens are admin, to decide who may revoke whom. One interface, two backends (embedded
 * PGlite and PostgreSQL) running the same SQL.
 */
export interface StoredOp {
	seq: number;
	size: number;
	receivedAt: string;
	body: string;
	/** The hash of the token that posted it. */
	tokenHash: string;
}

/** Why a join was refused; a refused join changes nothing. */
export type JoinRefusal = 'unknown' | 'used' | 'expired' | 'token-taken';

/** What a revoke did: a refused one changes nothing. */
export type RevokeResult = 'revoked' | 'unknown' | 'not-allowed';

export interface RelayStore {
	/** Makes a space with its first member, an admin; false when the space exists already. */
	createSpace(spaceId: string, tokenHash: string, now: Date): Promise<boolean>;
	/** Whether the token is a member of the space and not revoked. */
	isMember(spaceId: string, tokenHash: string): Promise<boolean>;
	/**
	 * Registers an invite's hash for the member `tokenHash`; registering the same hash again
	 * changes nothing. The token that joins through an `admin` invite is admin; false, and
	 * nothing registered, when `admin` is asked by a token that is not admin.
	 */
	addInvite(
		spaceId: string,
		tokenHash: string,
		inviteHash: string,
		expiresAt: Date,
		admin?: boolean
	): Promise<boolean>;
	/**
	 * Uses an invite: marks it used, admits the new token (remembering the invite) and
	 * appends `hello` as posted by it, in one transaction. Returns hello's sequence number,
	 * or why nothing happened.
	 */
	join(
		spaceId: string,
		inviteHash: string,
		tokenHash: string,
		hello: string,
		now: Date
	): Promise<number | JoinRefusal>;
	/**
	 * The member `by` revokes the token `tokenHash`: allowed for itself, for a token that
	 * joined through an invite `by` registered, and for any token when `by` is admin.
	 * 'unknown' when `tokenHash` is no (longer a) member of the space.
	 */
	revoke(spaceId: string, by: string, tokenHash: string, now: Date): Promise<RevokeResult>;
	/** Appends ops in order and returns their sequence numbers, without gaps. */
	append(
		spaceId: string,
		tokenHash: string,
		bodies: readonly string[],
		now: Date
	): Promise<number[]>;
	/** Ops of a space after `after`, oldest first. */
	since(spaceId: string, after: number, limit: number): Promise<StoredOp[]>;
	/**
	 * `since` and the space's highest number, read together: `last` is never below the
	 * numbers handed out, so a device knows whether it has everything.
	 */
	read(spaceId: string, after: number, limit: number): Promise<{ ops: StoredOp[]; last: number }>;
	/** The space's highest sequence number; 0 when it has no ops. */
	lastSeq(spaceId: string): Promise<number>;
	/**
	 * Calls `onSeq` with the space's highest number whenever a batch is committed or a
	 * token revoked, by this process or another on the same database. Resolves, with the
	 * way to stop, once announcements are being received.
	 */
	subscribe(spaceId: string, onSeq: (seq: number) => void): Promise<() => void>;
	close(): Promise<void>;
}

/** What both backends offer: a query, and a transaction that runs queries on one connection. */
export interface Sql {
	query<T>(text: string, params?: unknown[]): Promise<T[]>;
	transaction<R>(work: (sql: Pick<Sql, 'query'>) => Promise<R>): Promise<R>;
	/**
	 * Calls `onPayload` for each `pg_notify(channel, payload)` committed on the database.
	 * Resolves, with the way to stop, once listening.
	 */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

/** The notification channel for committed batches; payload `<spaceId>:<seq>`. */
export const RELAY_CHANNEL = 'koers_relay';

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
	)`,
	`CREATE TABLE relay_tokens (
		space_id TEXT NOT NULL,
		token_hash TEXT NOT NULL,
		created_at TIMESTAMPTZ NOT NULL,
		revoked_at TIMESTAMPTZ,
		PRIMARY KEY (space_id, token_hash)
	)`,
	`CREATE TABLE relay_invites (
		space_id TEXT NOT NULL,
		invite_hash TEXT NOT NULL,
		expires_at TIMESTAMPTZ NOT NULL,
		used_at TIMESTAMPTZ,
		PRIMARY KEY (space_id, invite_hash)
	)`,
	// Who may revoke whom. invite_hash: the invite a token joined through (none for the
	// space's maker); token_hash: the token that registered an invite.
	`ALTER TABLE relay_tokens
		ADD COLUMN invite_hash TEXT,
		ADD COLUMN admin BOOLEAN NOT NULL DEFAULT false`,
	`ALTER TABLE relay_invites
		ADD COLUMN token_hash TEXT,
		ADD COLUMN admin BOOLEAN NOT NULL DEFAULT false`,
	// Tokens and invites from before have no recorded inviter, so only the token itself or
	// an admin may revoke them. The earliest token of a space made it: it becomes admin, as
	// a maker is now; the others stay non-admin.
	`UPDATE relay_tokens SET admin = true
	 WHERE (space_id, token_hash) IN (
		SELECT DISTINCT ON (space_id) space_id, token_hash FROM relay_tokens
		ORDER BY space_id, created_at, token_hash
	 )`
];

/**
 * Runs the migrations not yet applied, in order, at start. Safe to run from two processes.
 * `upTo` stops after that many, to make an older database in tests.
 */
export async function migrate(sql: Sql, upTo = MIGRATIONS.length): Promise<void> {
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
		for (const [index, statement] of MIGRATIONS.slice(0, upTo).entries()) {
			if (done.has(index + 1)) continue;
			await tx.query(statement);
			await tx.query('INSERT INTO relay_migrations (version) VALUES ($1)', [index + 1]);
		}
	});
}

type Query = Pick<Sql, 'query'>;

/**
 * Appends a batch and announces it, in one statement, so it is atomic on its own and costs
 * one round trip; inside a transaction (join) it commits with the rest. The counter row
 * stays locked until commit, so two relay processes never commit sequence numbers out of
 * order, and there are no gaps. The announcement is delivered only if it commits.
 */
async function appendIn(
	query: Query,
	spaceId: string,
	tokenHash: string,
	bodies: readonly string[],
	now: Date
): Promise<number[]> {
	const [row] = await query.query<{ last_seq: string | number }>(
		`WITH counter AS (
			INSERT INTO relay_spaces (space_id, last_seq) VALUES ($1, $2)
			ON CONFLICT (space_id) DO UPDATE SET last_seq = relay_spaces.last_seq + $2
			RETURNING last_seq
		), stored AS (
			INSERT INTO relay_ops (space_id, seq, token_hash, size, received_at, body)
			SELECT $1, counter.last_seq - $2 + op.n, $3, op.size, $4, op.body
			FROM counter, unnest($5::integer[], $6::text[]) WITH ORDINALITY AS op(size, body, n)
		)
		SELECT last_seq, pg_notify($7, $1 || ':' || last_seq) FROM counter`,
		[
			spaceId,
			bodies.length,
			tokenHash,
			now.toISOString(),
			bodies.map((body) => Buffer.byteLength(body, 'utf8')),
			bodies,
			RELAY_CHANNEL
		]
	);
	const first = Number(row!.last_seq) - bodies.length + 1;
	return bodies.map((_, i) => first + i);
}

/** PostgreSQL delivers a notification only when (and if) its transaction commits. */
async function announce(tx: Query, spaceId: string, seq: number): Promise<void> {
	await tx.query('SELECT pg_notify($1, $2)', [RELAY_CHANNEL, `${spaceId}:${seq}`]);
}

/** The log on top of either backend. */
export function createRelayStore(sql: Sql): RelayStore {
	const subscribers = new Map<string, Set<(seq: number) => void>>();
	// One database listener per store, however many streams are open.
	let listening: Promise<() => Promise<void>> | undefined;

	function dispatch(payload: string) {
		const at = payload.lastIndexOf(':');
		const seq = Number(payload.slice(at + 1));
		if (at < 0 || !Number.isSafeInteger(seq)) return;
		for (const onSeq of subscribers.get(payload.slice(0, at)) ?? []) {
			try {
				onSeq(seq);
			} catch (error) {
				console.error('A relay subscriber failed', error);
			}
		}
	}

	async function lastSeq(query: Query, spaceId: string): Promise<number> {
		const [row] = await query.query<{ last_seq: string | number }>(
			'SELECT last_seq FROM relay_spaces WHERE space_id = $1',
			[spaceId]
		);
		return row ? Number(row.last_seq) : 0;
	}

	async function read(
		spaceId: string,
		after: number,
		limit: number
	): Promise<{ ops: StoredOp[]; last: number }> {
		// One statement sees one snapshot. The lateral join gives one row even when there
		// are no ops, so the highest number always comes back.
		const rows = await sql.query<{
			last_seq: string | number | null;
			seq: string | number | null;
			size: number;
			received_at: Date | string;
			body: string;
			token_hash: string;
		}>(
			`SELECT space.last_seq, op.seq, op.size, op.received_at, op.body, op.token_hash
			 FROM (SELECT $1::text AS space_id) AS wanted
			 LEFT JOIN relay_spaces AS space ON space.space_id = wanted.space_id
			 LEFT JOIN LATERAL (
				SELECT seq, size, received_at, body, token_hash FROM relay_ops
				WHERE space_id = wanted.space_id AND seq > $2 ORDER BY seq LIMIT $3
			 ) AS op ON true
			 ORDER BY op.seq`,
			[spaceId, after, limit]
		);
		return {
			last: Number(rows[0]?.last_seq ?? 0),
			ops: rows
				.filter((r) => r.seq !== null)
				.map((r) => ({
					seq: Number(r.seq),
					size: r.size,
					receivedAt: new Date(r.received_at).toISOString(),
					body: r.body,
					tokenHash: r.token_hash
				}))
		};
	}

	return {
		createSpace(spaceId, tokenHash, now) {
			return sql.transaction(async (tx) => {
				const made = await tx.query(
					`INSERT INTO relay_spaces (space_id, last_seq) VALUES ($1, 0)
					 ON CONFLICT (space_id) DO NOTHING RETURNING space_id`,
					[spaceId]
				);
				if (made.length === 0) return false;
				await tx.query(
					`INSERT INTO relay_tokens (space_id, token_hash, created_at, admin)
					 VALUES ($1, $2, $3, true)`,
					[spaceId, tokenHash, now.toISOString()]
				);
				return true;
			});
		},
		async isMember(spaceId, tokenHash) {
			const rows = await sql.query(
				'SELECT 1 FROM relay_tokens WHERE space_id = $1 AND token_hash = $2 AND revoked_at IS NULL',
				[spaceId, tokenHash]
			);
			return rows.length > 0;
		},
		addInvite(spaceId, tokenHash, inviteHash, expiresAt, admin = false) {
			return sql.transaction(async (tx) => {
				if (admin) {
					const [by] = await tx.query<{ admin: boolean }>(
						`SELECT admin FROM relay_tokens
						 WHERE space_id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
						[spaceId, tokenHash]
					);
					if (!by?.admin) return false;
				}
				await tx.query(
					`INSERT INTO relay_invites (space_id, invite_hash, expires_at, token_hash, admin)
					 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (space_id, invite_hash) DO NOTHING`,
					[spaceId, inviteHash, expiresAt.toISOString(), tokenHash, admin]
				);
				return true;
			});
		},
		join(spaceId, inviteHash, tokenHash, hello, now) {
			return sql.transaction(async (tx) => {
				// Locked, so two devices holding the same invite cannot both get in.
				// An invite of a token that was revoked since is no longer an invite.
				const [invite] = await tx.query<{
					expires_at: Date | string;
					used_at: unknown;
					admin: boolean;
				}>(
					`SELECT invite.expires_at, invite.used_at, invite.admin
					 FROM relay_invites AS invite
					 LEFT JOIN relay_tokens AS maker
					   ON maker.space_id = invite.space_id AND maker.token_hash = invite.token_hash
					 WHERE invite.space_id = $1 AND invite.invite_hash = $2
					   AND (invite.token_hash IS NULL OR maker.revoked_at IS NULL)
					 FOR UPDATE OF invite`,
					[spaceId, inviteHash]
				);
				if (!invite) return 'unknown';
				if (invite.used_at !== null) return 'used';
				if (new Date(invite.expires_at).getTime() <= now.getTime()) return 'expired';
				const admitted = await tx.query(
					`INSERT INTO relay_tokens (space_id, token_hash, created_at, invite_hash, admin)
					 VALUES ($1, $2, $3, $4, $5)
					 ON CONFLICT (space_id, token_hash) DO NOTHING RETURNING token_hash`,
					[spaceId, tokenHash, now.toISOString(), inviteHash, invite.admin]
				);
				if (admitted.length === 0) return 'token-taken';
				await tx.query(
					'UPDATE relay_invites SET used_at = $3 WHERE space_id = $1 AND invite_hash = $2',
					[spaceId, inviteHash, now.toISOString()]
				);
				const [seq] = await appendIn(tx, spaceId, tokenHash, [hello], now);
				return seq!;
			});
		},
		revoke(spaceId, by, tokenHash, now) {
			return sql.transaction(async (tx) => {
				// The target stays locked until commit, so the check and the revoke go together.
				const [target] = await tx.query<{ allowed: boolean }>(
					`SELECT coalesce(
						target.token_hash = caller.token_hash
						OR invite.token_hash = caller.token_hash
						OR caller.admin, false) AS allowed
					 FROM relay_tokens AS target
					 LEFT JOIN relay_invites AS invite
						ON invite.space_id = target.space_id AND invite.invite_hash = target.invite_hash
					 LEFT JOIN relay_tokens AS caller
						ON caller.space_id = target.space_id AND caller.token_hash = $3
						AND caller.revoked_at IS NULL
					 WHERE target.space_id = $1 AND target.token_hash = $2 AND target.revoked_at IS NULL
					 FOR UPDATE OF target`,
					[spaceId, tokenHash, by]
				);
				if (!target) return 'unknown';
				if (!target.allowed) return 'not-allowed';
				await tx.query(
					'UPDATE relay_tokens SET revoked_at = $3 WHERE space_id = $1 AND token_hash = $2',
					[spaceId, tokenHash, now.toISOString()]
				);
				// Open streams re-check their membership when announced to, so the revoked
				// token's streams close now.
				await announce(tx, spaceId, await lastSeq(tx, spaceId));
				return 'revoked';
			});
		},
		append(spaceId, tokenHash, bodies, now) {
			if (bodies.length === 0) return Promise.resolve([]);
			return appendIn(sql, spaceId, tokenHash, bodies, now);
		},
		since: async (spaceId, after, limit) => (await read(spaceId, after, limit)).ops,
		read,
		lastSeq: (spaceId) => lastSeq(sql, spaceId),
		async subscribe(spaceId, onSeq) {
			listening ??= sql.listen(RELAY_CHANNEL, dispatch);
			try {
				await listening;
			} catch (error) {
				listening = undefined;
				throw error;
			}
			const forSpace = subscribers.get(spaceId) ?? new Set();
			subscribers.set(spaceId, forSpace);
			forSpace.add(onSeq);
			return () => {
				forSpace.delete(onSeq);
				if (forSpace.size === 0 && subscribers.get(spaceId) === forSpace)
					subscribers.delete(spaceId);
			};
		},
		async close() {
			subscribers.clear();
			const unlisten = await listening?.catch(() => undefined);
			await unlisten?.();
			await sql.close();
		}
	};
}
