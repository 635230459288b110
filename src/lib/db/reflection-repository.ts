import { shouldPurge } from '$lib/domain/deletion';
import {
	checkReflection,
	type Reflection,
	type ReflectionContent,
	type ReflectionProblem
} from '$lib/domain/reflections';
import type { KoersDatabase } from './database';
import type { ReflectionRecord } from './schema';
import { undelete } from './undelete';

export function toReflection(record: ReflectionRecord): Reflection {
	const { payload, ...rest } = record;
	return {
		...rest,
		statementIds: payload.statementIds ?? [],
		...(payload.fit ? { fit: payload.fit } : {}),
		note: payload.note ?? '',
		happened: payload.happened ?? '',
		did: payload.did ?? '',
		nextTime: payload.nextTime ?? '',
		...(payload.pictogram ? { pictogram: payload.pictogram } : {})
	};
}

function toRecord(reflection: Reflection): ReflectionRecord {
	const { statementIds, fit, note, happened, did, nextTime, pictogram, ...rest } = reflection;
	return {
		...rest,
		payload: {
			statementIds: [...new Set(statementIds)],
			...(fit ? { fit } : {}),
			note,
			happened,
			did,
			nextTime,
			...(pictogram ? { pictogram } : {})
		}
	};
}

/** Every reflection, deleted ones included (they can be restored for a while). */
export async function listReflections(db: KoersDatabase): Promise<Reflection[]> {
	return (await db.reflections.toArray()).map(toReflection);
}

export async function addReflection(
	db: KoersDatabase,
	content: ReflectionContent,
	ownerId: string,
	now = new Date()
): Promise<Reflection | ReflectionProblem> {
	const problem = checkReflection(content);
	if (problem) return problem;
	const at = now.toISOString();
	const reflection: Reflection = {
		...content,
		id: crypto.randomUUID(),
		ownerId,
		createdAt: at,
		updatedAt: at
	};
	await db.reflections.add(toRecord(reflection));
	return reflection;
}

/** Saves the whole content; content that is not valid is refused and nothing changes. */
export async function saveReflection(
	db: KoersDatabase,
	id: string,
	content: ReflectionContent,
	now = new Date()
): Promise<ReflectionProblem | undefined> {
	const problem = checkReflection(content);
	if (problem) return problem;
	await db.transaction('rw', db.reflections, async () => {
		const record = await db.reflections.get(id);
		if (!record) return;
		const current = toReflection(record);
		const next: Reflection = { ...current, ...content, updatedAt: now.toISOString() };
		if (!content.fit) delete next.fit;
		if (!content.pictogram) delete next.pictogram;
		await db.reflections.put(toRecord(next));
	});
}

/** Marks reflections for the conversation (or takes them back to private). */
export async function setReflectionVisibility(
	db: KoersDatabase,
	ids: readonly string[],
	visibility: Reflection['visibility'],
	now = new Date()
): Promise<void> {
	await db.transaction('rw', db.reflections, async () => {
		for (const id of ids)
			await db.reflections.update(id, { visibility, updatedAt: now.toISOString() });
	});
}

export async function deleteReflection(
	db: KoersDatabase,
	id: string,
	now = new Date()
): Promise<void> {
	await db.reflections.update(id, { deletedAt: now.toISOString() });
}

export async function restoreReflection(db: KoersDatabase, id: string): Promise<void> {
	await undelete(db.reflections, id);
}

export async function purgeExpiredReflections(
	db: KoersDatabase,
	now = new Date()
): Promise<number> {
	const expired = (await db.reflections.where('deletedAt').above('').toArray()).filter((r) =>
		shouldPurge(r, now)
	);
	// No write when nothing expired: any write makes live queries read everything again.
	if (expired.length > 0) await db.reflections.bulkDelete(expired.map((r) => r.id));
	return expired.length;
}
