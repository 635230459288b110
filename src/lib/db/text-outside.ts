import { currentDataKey } from '$lib/lock/data-key';
import { lockIsOn } from '$lib/lock/lock-mark';
import { local, readKey, writeKey } from './web-storage';

/**
 * Where typed text goes when IndexedDB refuses it (a full disk): localStorage, which the
 * browser keeps apart from IndexedDB's quota. Only what could not be written is kept here,
 * and only until it is written. With the lock on it is sealed like every record.
 */
const PREFIX = 'koers.unsaved.';
const CONTEXT = 'unsaved text';

interface Kept {
	text?: string;
	sealed?: string;
}

export async function keepOutside(id: string, text: string): Promise<boolean> {
	// A copy: a lock that starts meanwhile wipes the key it forgets.
	const key = currentDataKey()?.slice();
	// With the lock on and no key (locked meanwhile), nothing is written in the open.
	if (!key && lockIsOn()) return false;
	let kept: Kept = { text };
	if (key) {
		const [{ sealJson }, { toBase64Url }] = await Promise.all([
			import('$lib/lock/seal'),
			import('$lib/family/sync/envelope')
		]);
		kept = { sealed: toBase64Url(sealJson(key, `${CONTEXT}|${id}`, text)) };
		key.fill(0);
	}
	writeKey(local, PREFIX + id, JSON.stringify(kept));
	return readKey(local, PREFIX + id) !== null;
}

/** The text kept outside for this field, if any (and if it opens). */
export async function readOutside(id: string): Promise<string | undefined> {
	const raw = readKey(local, PREFIX + id);
	if (raw === null) return undefined;
	try {
		const kept = JSON.parse(raw) as Kept;
		if (typeof kept.text === 'string') return kept.text;
		const key = currentDataKey();
		if (!key || typeof kept.sealed !== 'string') return undefined;
		const [{ openJson }, { fromBase64Url }] = await Promise.all([
			import('$lib/lock/seal'),
			import('$lib/family/sync/envelope')
		]);
		const text = openJson(key, `${CONTEXT}|${id}`, fromBase64Url(kept.sealed));
		return typeof text === 'string' ? text : undefined;
	} catch {
		return undefined;
	}
}

/** Every field's kept text (for a rebuild of the lock, which seals or opens them too). */
export function keptFields(): string[] {
	try {
		return Object.keys(localStorage)
			.filter((key) => key.startsWith(PREFIX))
			.map((key) => key.slice(PREFIX.length));
	} catch {
		return [];
	}
}

export function forgetOutside(id: string): void {
	if (readKey(local, PREFIX + id) !== null) writeKey(local, PREFIX + id, null);
}

/** A write that failed because the device (or the browser's share of it) is full. */
export function isStorageFull(error: unknown): boolean {
	const names = [error, (error as { inner?: unknown } | null)?.inner].map(
		(e) => (e as { name?: unknown } | null)?.name
	);
	return names.includes('QuotaExceededError');
}
