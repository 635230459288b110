import type { Child } from '$lib/domain/children';
import type { KoersDatabase } from './database';
import type { ChildRecord } from './schema';
import { undelete } from './undelete';

function toChild(record: ChildRecord): Child {
	const { payload, ...rest } = record;
	return {
		...rest,
		name: payload.name,
		...(payload.birthYear !== undefined ? { birthYear: payload.birthYear } : {})
	};
}

/** Every child, removed ones included: statements may still name them until restored. */
export async function listChildren(db: KoersDatabase): Promise<Child[]> {
	return (await db.children.toArray()).map(toChild);
}

export async function addChild(
	db: KoersDatabase,
	ownerId: string,
	child: { name: string; birthYear?: number },
	now = new Date()
): Promise<string> {
	const id = crypto.randomUUID();
	const at = now.toISOString();
	await db.children.add({ id, ownerId, createdAt: at, updatedAt: at, payload: { ...child } });
	return id;
}

export async function updateChild(
	db: KoersDatabase,
	id: string,
	child: { name: string; birthYear?: number },
	now = new Date()
): Promise<void> {
	await db.children.update(id, { updatedAt: now.toISOString(), payload: { ...child } });
}

export async function removeChild(db: KoersDatabase, id: string, now = new Date()): Promise<void> {
	await db.children.update(id, { deletedAt: now.toISOString() });
}

export async function restoreChild(db: KoersDatabase, id: string): Promise<void> {
	await undelete(db.children, id);
}
