import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';
import { openJson, sealJson } from './seal';

/**
 * Encryption at rest, in one place: a Dexie middleware that seals every record on its way
 * into IndexedDB and opens it on its way out. What an index needs (ids, owner, kind, theme,
 * visibility, times: see schema.ts) stays beside the seal; every other field, all that a
 * person wrote, drafts, names, tokens and invite secrets, is in `sealed`.
 */

/** Read before the code is known: the schema marker and the lock's own record. */
const UNSEALED_TABLES = new Set(['meta']);

/**
 * Fields kept as they are. With the lock on, a device's keys are bytes inside the seal (see
 * family/sync/device-keys.ts); a CryptoKey object would not survive being sealed as JSON,
 * so one made before that (renewed after the code is given, see app-lock.ts) stays as it is.
 */
const KEPT_AS_IS: Record<string, readonly string[]> = { device: ['encryption', 'signing'] };

export const SEALED = 'sealed';

export class LockedError extends Error {
	constructor() {
		super('Koers is locked: the data key is not in memory');
		this.name = 'LockedError';
	}
}

interface Layout {
	table: string;
	clear: ReadonlySet<string>;
	/** The clear fields the seal is bound to: all but what the database itself sets. */
	bound: readonly string[];
	keyPath: string | string[] | null;
	/** Auto-numbered (the outbox, set-aside ops): the number is not known before writing. */
	numbered: boolean;
}

type Row = Record<string, unknown>;
type KeySource = () => Uint8Array | undefined;

const fieldsOf = (keyPath: string | string[] | null | undefined): string[] =>
	(keyPath == null ? [] : Array.isArray(keyPath) ? keyPath : [keyPath]).map((path) =>
		path.replace(/\..*/, '')
	);

export function layoutOf(table: string, schema: DBCoreTableSchema): Layout {
	const { primaryKey, indexes } = schema;
	const numbered = Boolean(primaryKey.autoIncrement) || primaryKey.keyPath == null;
	const keyFields = fieldsOf(primaryKey.keyPath);
	const indexed = indexes.flatMap((index) => fieldsOf(index.keyPath));
	const kept = KEPT_AS_IS[table] ?? [];
	const bound = new Set([...(numbered ? [] : keyFields), ...indexed]);
	return {
		table,
		clear: new Set([...keyFields, ...indexed, ...kept]),
		bound: [...bound].filter((field) => !kept.includes(field)).sort(),
		keyPath: primaryKey.keyPath ?? null,
		numbered
	};
}

/**
 * The associated data: the table, the record's own key and every field kept beside the seal
 * (visibility, owner, times). A sealed value moved to another record, or a clear field
 * changed by hand (a private statement made shared), does not open.
 */
function contextOf(layout: Layout, record: Row): string {
	const fields = JSON.stringify(layout.bound.map((field) => [field, record[field] ?? null]));
	return `${layout.table}\u0000${fields}`;
}

export function sealRecord(key: Uint8Array, layout: Layout, record: unknown): unknown {
	if (record === null || typeof record !== 'object') return record;
	const clear: Row = {};
	const hidden: Row = {};
	for (const [name, value] of Object.entries(record)) {
		(layout.clear.has(name) ? clear : hidden)[name] = value;
	}
	clear[SEALED] = sealJson(key, contextOf(layout, record as Row), hidden);
	return clear;
}

export function isSealed(record: unknown): record is Row & { [SEALED]: Uint8Array } {
	return (
		record !== null && typeof record === 'object' && (record as Row)[SEALED] instanceof Uint8Array
	);
}

/** Throws when the seal was made with another key, for another record, or was changed. */
export function openRecord(key: Uint8Array, layout: Layout, record: unknown): unknown {
	if (!isSealed(record)) return record;
	const { [SEALED]: sealed, ...clear } = record;
	const hidden = openJson(key, contextOf(layout, clear), sealed) as Row;
	return { ...clear, ...hidden };
}

function sealingTable(down: DBCoreTable, keyOf: KeySource): DBCoreTable {
	const layout = layoutOf(down.name, down.schema);
	const key = () => {
		const current = keyOf();
		if (!current) throw new LockedError();
		return current;
	};
	const open = (record: unknown) =>
		record === undefined ? record : openRecord(key(), layout, record);
	return {
		...down,
		mutate(request) {
			if (request.type !== 'add' && request.type !== 'put') return down.mutate(request);
			const sealKey = key();
			const values = request.values.map((value) => sealRecord(sealKey, layout, value));
			return down.mutate({ ...request, values });
		},
		get: (request) => down.get(request).then(open),
		getMany: (request) => down.getMany(request).then((records) => records.map(open)),
		query: (request) =>
			down
				.query(request)
				.then((response) =>
					request.values ? { ...response, result: response.result.map(open) } : response
				),
		openCursor: (request) =>
			down.openCursor(request).then((cursor) => cursor && openingCursor(cursor, open))
	};
}

/** The cursor as it is, but its value opened (once per step). */
function openingCursor(cursor: DBCoreCursor, open: (record: unknown) => unknown): DBCoreCursor {
	let raw: unknown;
	let opened: unknown;
	// Every getter is given again: read through the prototype, the browser's own would throw.
	return Object.create(cursor, {
		key: { get: () => cursor.key },
		primaryKey: { get: () => cursor.primaryKey },
		done: { get: () => cursor.done },
		value: {
			get() {
				if (cursor.value !== raw) {
					raw = cursor.value;
					opened = open(raw);
				}
				return opened;
			}
		}
	});
}

/** The middleware for a database whose lock is on; `keyOf` says the key held now. */
export function sealingMiddleware(keyOf: KeySource): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'Sealing',
		create: (down) => ({
			...down,
			table: (name) =>
				UNSEALED_TABLES.has(name) ? down.table(name) : sealingTable(down.table(name), keyOf)
		})
	};
}
