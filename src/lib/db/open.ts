import Dexie from 'dexie';
import { KoersDatabase } from './database';
import { currentDataKey } from '$lib/lock/data-key';
import { DATABASE_NAME, LOCK_KEY, MARKER_KEY } from './schema';
import { assessStoredDatabase, type StoredDatabase } from './schema-check';
import type { DatabaseStatus } from './status';

/** Looks at what is on disk without changing it: no upgrade, no new tables. */
async function inspect(name: string): Promise<StoredDatabase> {
	if (!(await Dexie.exists(name))) return { exists: false };
	const raw = new Dexie(name);
	try {
		await raw.open();
		const tables = raw.tables.map((t) => t.name);
		const meta = tables.includes('meta') ? raw.table('meta') : undefined;
		const marker = (await meta?.get(MARKER_KEY))?.value;
		const locked = (await meta?.get(LOCK_KEY)) !== undefined;
		return { exists: true, version: raw.verno, tables, marker, locked };
	} finally {
		raw.close();
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Opens Koers's database, but only when it is ours and not newer than this code.
 * Never deletes or rewrites data it does not understand; the caller shows the problem.
 */
export async function openKoersDatabase(name: string = DATABASE_NAME): Promise<DatabaseStatus> {
	if (typeof indexedDB === 'undefined') {
		return { state: 'problem', problem: 'unavailable', detail: 'indexedDB is not defined' };
	}
	let stored: StoredDatabase;
	try {
		stored = await inspect(name);
	} catch (error) {
		const problem = error instanceof Dexie.MissingAPIError ? 'unavailable' : 'failed';
		return { state: 'problem', problem, detail: describe(error) };
	}
	const assessment = assessStoredDatabase(stored);
	if (assessment.kind === 'newer') {
		return { state: 'problem', problem: 'newer', detail: `schema ${assessment.version}` };
	}
	if (assessment.kind === 'foreign') {
		return { state: 'problem', problem: 'foreign', detail: 'no Koers schema marker' };
	}
	const db = new KoersDatabase(name);
	if (stored.exists && stored.locked) {
		// The start asks for the code before anything opens the database (see lock/gate.ts).
		if (!currentDataKey()) return { state: 'locked' };
		const { sealingMiddleware } = await import('$lib/lock/sealing');
		db.use(sealingMiddleware(currentDataKey));
	}
	try {
		await db.open();
		return { state: 'ready', db };
	} catch (error) {
		db.close();
		return { state: 'problem', problem: 'failed', detail: describe(error) };
	}
}
