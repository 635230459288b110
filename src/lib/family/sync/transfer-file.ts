import type { KoersDatabase } from '$lib/db/database';
import type { SpaceRecord } from '$lib/db/schema';
import { applyOp } from './apply';
import { deviceFor } from './device';
import { sealAllShared } from './outgoing';

/**
 * Carrying shared items without a server: a file of the same sealed, signed ops the relay
 * would carry. Only devices of the space can open them; anything wrong changes nothing.
 */
export const FILE_FORMAT = 'koers-gedeeld';
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_OP_CHARS = 64 * 1024;

export async function exportShared(
	db: KoersDatabase,
	space: SpaceRecord
): Promise<Blob | undefined> {
	const [me, profile] = await Promise.all([deviceFor(db, space.id), db.profile.get('me')]);
	const ops = await sealAllShared(db, me, profile!.memberId, space.id);
	if (ops.length === 0) return undefined;
	const file = {
		format: FILE_FORMAT,
		version: 1,
		spaceId: space.id,
		createdAt: new Date().toISOString(),
		ops
	};
	return new Blob([JSON.stringify(file)], { type: 'application/json' });
}

export const FILE_PROBLEMS = ['bad', 'otherSpace', 'tooBig'] as const;

export type ImportResult =
	| { ok: true; applied: number; setAside: number }
	| { ok: false; problem: (typeof FILE_PROBLEMS)[number] };

export async function importShared(
	db: KoersDatabase,
	space: SpaceRecord,
	file: Blob
): Promise<ImportResult> {
	if (file.size > MAX_FILE_BYTES) return { ok: false, problem: 'tooBig' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(await file.text());
	} catch {
		return { ok: false, problem: 'bad' };
	}
	const data = parsed as { format?: unknown; version?: unknown; spaceId?: unknown; ops?: unknown };
	if (
		typeof data !== 'object' ||
		data === null ||
		data.format !== FILE_FORMAT ||
		data.version !== 1 ||
		!Array.isArray(data.ops) ||
		!data.ops.every((op) => typeof op === 'string' && op.length <= MAX_OP_CHARS)
	)
		return { ok: false, problem: 'bad' };
	if (data.spaceId !== space.id) return { ok: false, problem: 'otherSpace' };
	const [me, profile] = await Promise.all([deviceFor(db, space.id), db.profile.get('me')]);
	let applied = 0;
	let setAside = 0;
	for (const body of data.ops as string[]) {
		// Ops in a file have no log number: a removed device's file is never trusted.
		const outcome = await applyOp(db, space, me, profile!.memberId, {
			seq: Number.MAX_SAFE_INTEGER,
			body
		});
		if (outcome === 'applied') applied++;
		else if (typeof outcome === 'object') setAside++;
	}
	return { ok: true, applied, setAside };
}
