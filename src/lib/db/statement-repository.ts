import { historyForDisplay, shouldKeepPrevious, type TextVersion } from '$lib/domain/history';
import { shouldPurge } from '$lib/domain/deletion';
import {
	checkText,
	nextOrder,
	normaliseText,
	type Statement,
	type StatementDraft,
	type TextProblem
} from '$lib/domain/statements';
import { createStatement } from '$lib/domain/statements';
import type { KoersDatabase } from './database';
import { undelete } from './undelete';
import type { StatementRecord, StatementVersionRecord } from './schema';

export function toStatement(record: StatementRecord): Statement {
	const { payload, ...rest } = record;
	return {
		...rest,
		text: payload.text,
		childIds: payload.childIds ?? [],
		...(payload.pictogram ? { pictogram: payload.pictogram } : {})
	};
}

function toRecord(statement: Statement): StatementRecord {
	const { text, childIds, pictogram, ...rest } = statement;
	return { ...rest, payload: { text, childIds, ...(pictogram ? { pictogram } : {}) } };
}

function toVersion(record: StatementVersionRecord): TextVersion {
	return {
		id: record.id,
		statementId: record.statementId,
		savedAt: record.savedAt,
		text: record.payload.text
	};
}

/** Every statement, deleted ones included (they can be restored for a while). */
export async function listStatements(db: KoersDatabase): Promise<Statement[]> {
	return (await db.statements.toArray()).map(toStatement);
}

export async function getStatement(db: KoersDatabase, id: string): Promise<Statement | undefined> {
	const record = await db.statements.get(id);
	return record && toStatement(record);
}

export async function addStatement(
	db: KoersDatabase,
	draft: StatementDraft,
	ownerId: string,
	now = new Date()
): Promise<Statement | TextProblem> {
	return db.transaction('rw', db.statements, async () => {
		const all = await listStatements(db);
		const id = crypto.randomUUID();
		const created = createStatement(
			draft,
			{ id, ownerId },
			nextOrder(all, draft.kind, draft.theme),
			now
		);
		if (typeof created !== 'string') await db.statements.add(toRecord(created));
		return created;
	});
}

/**
 * Saves new text. When a new writing session starts (or an earlier text is restored), the
 * text as it was is kept in the history first, in the same transaction. `base` is the text
 * this tab last read or wrote: when the stored text is another one (written meanwhile in
 * another tab), that text is kept in the history too, and the answer is 'keptOther'.
 */
export async function saveStatementText(
	db: KoersDatabase,
	id: string,
	rawText: string,
	options: { now?: Date; restoring?: boolean; base?: string } = {}
): Promise<TextProblem | 'keptOther' | undefined> {
	const problem = checkText(rawText);
	if (problem) return problem;
	const text = normaliseText(rawText);
	const now = options.now ?? new Date();
	return db.transaction('rw', db.statements, db.statementVersions, async () => {
		const current = await db.statements.get(id);
		if (!current || current.payload.text === text) return undefined;
		const previous = { text: current.payload.text, updatedAt: current.updatedAt };
		const other = options.base !== undefined && current.payload.text !== options.base;
		if (other || shouldKeepPrevious(previous, text, now, options.restoring)) {
			await db.statementVersions.add({
				id: crypto.randomUUID(),
				statementId: id,
				savedAt: current.updatedAt,
				payload: { text: current.payload.text }
			});
		}
		await db.statements.put({
			...current,
			updatedAt: now.toISOString(),
			payload: { ...current.payload, text }
		});
		return other ? 'keptOther' : undefined;
	});
}

export type StatementDetails = Partial<
	Pick<Statement, 'kind' | 'theme' | 'childIds' | 'pictogram' | 'visibility'>
>;

/** Changes kind, theme, children, pictogram or visibility; a new group puts it last there. */
export async function updateStatementDetails(
	db: KoersDatabase,
	id: string,
	details: StatementDetails,
	now = new Date()
): Promise<void> {
	await db.transaction('rw', db.statements, async () => {
		const record = await db.statements.get(id);
		if (!record) return;
		const current = toStatement(record);
		const next: Statement = { ...current, ...details, updatedAt: now.toISOString() };
		if ('pictogram' in details && !details.pictogram) delete next.pictogram;
		if (next.kind !== current.kind || next.theme !== current.theme) {
			next.order = nextOrder(await listStatements(db), next.kind, next.theme);
		}
		await db.statements.put(toRecord(next));
	});
}

export async function setStatementOrder(
	db: KoersDatabase,
	changes: readonly { id: string; order: number }[]
): Promise<void> {
	await db.transaction('rw', db.statements, async () => {
		for (const { id, order } of changes) await db.statements.update(id, { order });
	});
}

export async function deleteStatement(
	db: KoersDatabase,
	id: string,
	now = new Date()
): Promise<void> {
	await db.statements.update(id, { deletedAt: now.toISOString() });
}

export async function restoreStatement(db: KoersDatabase, id: string): Promise<void> {
	await undelete(db.statements, id);
}

export async function listVersions(db: KoersDatabase, statementId: string): Promise<TextVersion[]> {
	const records = await db.statementVersions.where('statementId').equals(statementId).toArray();
	return historyForDisplay(records.map(toVersion));
}

/** Brings back an earlier text; the current one goes into the history, so nothing is lost. */
export async function restoreVersion(
	db: KoersDatabase,
	statementId: string,
	versionId: string,
	now = new Date()
): Promise<void> {
	const version = await db.statementVersions.get(versionId);
	if (!version || version.statementId !== statementId) return;
	await saveStatementText(db, statementId, version.payload.text, { now, restoring: true });
}

/**
 * Removes one deleted statement for good now, with its history, when the person asks (the
 * trash otherwise keeps it 30 days). A statement that is not in the trash stays.
 */
export async function purgeStatement(db: KoersDatabase, id: string): Promise<boolean> {
	return db.transaction('rw', db.statements, db.statementVersions, async () => {
		const record = await db.statements.get(id);
		if (!record?.deletedAt) return false;
		await db.statementVersions.where('statementId').equals(id).delete();
		await db.statements.delete(id);
		return true;
	});
}

/** Removes for good what was deleted more than 30 days ago, with its history. */
export async function purgeExpiredStatements(db: KoersDatabase, now = new Date()): Promise<number> {
	// Looked up outside a write transaction: most days nothing expired and nothing is written.
	const expired = (await db.statements.where('deletedAt').above('').toArray()).filter((r) =>
		shouldPurge(r, now)
	);
	if (expired.length === 0) return 0;
	return db.transaction('rw', db.statements, db.statementVersions, async () => {
		for (const record of expired) {
			await db.statementVersions.where('statementId').equals(record.id).delete();
			await db.statements.delete(record.id);
		}
		return expired.length;
	});
}
