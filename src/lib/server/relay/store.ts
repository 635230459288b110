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

/** A batch would take the space past its storage quota: nothing of it was stored. */
export class QuotaReached extends Error {
	constructor(readonly used: number) {
		super('quota-reached');
	}
}

/** A token of a space, as an event stream asks for it. */
export interface SpaceToken {
	spaceId: string;
	tokenHash: string;
}

/** Whether a token is a member of its space now, and the space's highest number. */
export interface SpaceTokenState extends SpaceToken {
	member: boolean;
	last: number;
}

/** What a subscriber hears about one space. */
export interface SpaceListener {
	/** The space's highest number, after a batch was committed (or a token revoked). */
	seq(seq: number): void;
	/** A token of the space was revoked. */
	revoked(tokenHash: string): void;
}

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
	/**
	 * Appends ops in order and returns their sequence numbers, without gaps, and the bytes the
	 * space holds now. Throws QuotaReached, storing nothing, when the batch would take the
	 * space past `quotaBytes`.
	 */
	append(
		spaceId: string,
		tokenHash: string,
		bodies: readonly string[],
		now: Date,
		quotaBytes?: number
	): Promise<{ seqs: number[]; used: number }>;
	/** Ops of a space after `after`, oldest first. */
	since(spaceId: string, after: number, limit: number): Promise<StoredOp[]>;
	/**
	 * `since` and the space's highest number, read together: `last` is never below the
	 * numbers handed out, so a device knows whether it has everything. `used`: the bytes of
	 * ops the space holds.
	 */
	read(
		spaceId: string,
		after: number,
		limit: number
	): Promise<{ ops: StoredOp[]; last: number; used: number }>;
	/**
	 * For each token asked, in one query: whether it is a member of its space now and the
	 * space's highest number. What event streams check when they open and now and then.
	 */
	states(tokens: readonly SpaceToken[]): Promise<SpaceTokenState[]>;
	/** How many spaces the relay holds and the bytes of all their ops, for operators. */
	usage(): Promise<{ spaces: number; bytes: number }>;
	/** The space's highest sequence number; 0 when it has no ops. */
	lastSeq(spaceId: string): Promise<number>;
	/**
	 * Tells `listener` the space's highest number whenever a batch is committed, and which
	 * token was revoked, by this process or another on the same database. Resolves, with
	 * the way to stop, once announcements are being received.
	 */
	subscribe(spaceId: string, listener: SpaceListener): Promise<() => void>;
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

/**
 * The notification channel for committed batches, payload `<spaceId>:<seq>`, and revoked
 * tokens, `<spaceId>:<seq>:<tokenHash>`.
 */
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
	 )`,
	// The bytes each space holds, kept with its counter, for its quota.
	`ALTER TABLE relay_spaces ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0`,
	`UPDATE relay_spaces SET bytes = coalesce(
		(SELECT sum(size) FROM relay_ops WHERE relay_ops.space_id = relay_spaces.space_id), 0)`
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
 * order, and there are no gaps. The announcement is delivered only if it commits. A batch
 * that would take the space past `quotaBytes` updates no counter, so nothing is stored.
 */
async function appendIn(
	query: Query,
	spaceId: string,
	tokenHash: string,
	bodies: readonly string[],
	now: Date,
	quotaBytes = Infinity
): Promise<{ seqs: number[]; used: number }> {
	const sizes = bodies.map((body) => Buffer.byteLength(body, 'utf8'));
	const bytes = sizes.reduce((sum, size) => sum + size, 0);
	const [row] = await query.query<{ last_seq: string | number; bytes: string | number }>(
		`WITH counter AS (
			INSERT INTO relay_spaces (space_id, last_seq, bytes) VALUES ($1, $2, $8)
			ON CONFLICT (space_id) DO UPDATE
				SET last_seq = relay_spaces.last_seq + $2, bytes = relay_spaces.bytes + $8
				WHERE $9::bigint IS NULL OR relay_spaces.bytes + $8 <= $9::bigint
			RETURNING last_seq, bytes
		), stored AS (
			INSERT INTO relay_ops (space_id, seq, token_hash, size, received_at, body)
			SELECT $1, counter.last_seq - $2 + op.n, $3, op.size, $4, op.body
			FROM counter, unnest($5::integer[], $6::text[]) WITH ORDINALITY AS op(size, body, n)
		)
		SELECT last_seq, bytes, pg_notify($7, $1 || ':' || last_seq) FROM counter`,
		[
			spaceId,
			bodies.length,
			tokenHash,
			now.toISOString(),
			sizes,
			bodies,
			RELAY_CHANNEL,
			bytes,
			Number.isFinite(quotaBytes) ? quotaBytes : null
		]
	);
	if (!row) {
		const [space] = await query.query<{ bytes: string | number }>(
			'SELECT bytes FROM relay_spaces WHERE space_id = $1',
			[spaceId]
		);
		throw new QuotaReached(Number(space?.bytes ?? 0));
	}
	const first = Number(row.last_seq) - bodies.length + 1;
	return { seqs: bodies.map((_, i) => first + i), used: Number(row.bytes) };
}

/** PostgreSQL delivers a notification only when (and if) its transaction commits. */
async function announceRevoked(
	tx: Query,
	spaceId: string,
	seq: number,
	tokenHash: string
): Promise<void> {
	await tx.query('SELECT pg_notify($1, $2)', [RELAY_CHANNEL, `${spaceId}:${seq}:${tokenHash}`]);
}

/** The log on top of either backend. */
export function createRelayStore(sql: Sql): RelayStore {
	const subscribers = new Map<string, Set<SpaceListener>>();
	// One database listener per store, however many streams are open.
	let listening: Promise<() => Promise<void>> | undefined;

	function dispatch(payload: string) {
		const [spaceId = '', seqText = '', revoked] = payload.split(':');
		const seq = Number(seqText);
		if (!Number.isSafeInteger(seq)) return;
		for (const listener of subscribers.get(spaceId) ?? []) {
			try {
				if (revoked) listener.revoked(revoked);
				listener.seq(seq);
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
	): Promise<{ ops: StoredOp[]; last: number; used: number }> {
		// One statement sees one snapshot. The lateral join gives one row even when there
		// are no ops, so the highest number always comes back.
		const rows = await sql.query<{
			last_seq: string | number | null;
			bytes: string | number | null;
			seq: string | number | null;
			size: number;
			received_at: Date | string;
			body: string;
			token_hash: string;
		}>(
			`SELECT space.last_seq, space.bytes, op.seq, op.size, op.received_at, op.body, op.token_hash
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
			used: Number(rows[0]?.bytes ?? 0),
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
				// No quota for the hello: a device can always join, and says so in a few bytes.
				const { seqs } = await appendIn(tx, spaceId, tokenHash, [hello], now);
				return seqs[0]!;
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
				// Open streams of the revoked token stop for this space now.
				await announceRevoked(tx, spaceId, await lastSeq(tx, spaceId), tokenHash);
				return 'revoked';
			});
		},
		async append(spaceId, tokenHash, bodies, now, quotaBytes) {
			if (bodies.length === 0) {
				return { seqs: [], used: (await read(spaceId, 0, 1)).used };
			}
			return appendIn(sql, spaceId, tokenHash, bodies, now, quotaBytes);
		},
		since: async (spaceId, after, limit) => (await read(spaceId, after, limit)).ops,
		read,
		async states(tokens) {
			if (tokens.length === 0) return [];
			const rows = await sql.query<{
				space_id: string;
				token_hash: string;
				member: boolean;
				last_seq: string | number;
			}>(
				`SELECT wanted.space_id, wanted.token_hash, token.token_hash IS NOT NULL AS member,
					coalesce(space.last_seq, 0) AS last_seq
				 FROM unnest($1::text[], $2::text[]) AS wanted(space_id, token_hash)
				 LEFT JOIN relay_tokens AS token ON token.space_id = wanted.space_id
					AND token.token_hash = wanted.token_hash AND token.revoked_at IS NULL
				 LEFT JOIN relay_spaces AS space ON space.space_id = wanted.space_id`,
				[tokens.map((t) => t.spaceId), tokens.map((t) => t.tokenHash)]
			);
			return rows.map((r) => ({
				spaceId: r.space_id,
				tokenHash: r.token_hash,
				member: r.member,
				last: Number(r.last_seq)
			}));
		},
		async usage() {
			const [row] = await sql.query<{ spaces: string | number; bytes: string | number }>(
				'SELECT count(*) AS spaces, coalesce(sum(bytes), 0) AS bytes FROM relay_spaces'
			);
			return { spaces: Number(row?.spaces ?? 0), bytes: Number(row?.bytes ?? 0) };
		},
		lastSeq: (spaceId) => lastSeq(sql, spaceId),
		async subscribe(spaceId, listener) {
			listening ??= sql.listen(RELAY_CHANNEL, dispatch);
			try {
				await listening;
			} catch (error) {
				listening = undefined;
				throw error;
			}
			const forSpace = subscribers.get(spaceId) ?? new Set();
			subscribers.set(spaceId, forSpace);
			forSpace.add(listener);
			return () => {
				forSpace.delete(listener);
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
