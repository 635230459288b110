/**
 * Every autosaving field registers how to write what it still holds in memory. Before the
 * page goes away (hidden, closed, or reloaded for an update) all of them are flushed.
 */
type Flush = () => Promise<void>;

const flushes = new Set<Flush>();

export function registerPendingSave(flush: Flush): () => void {
	flushes.add(flush);
	return () => flushes.delete(flush);
}

export async function flushPendingSaves(): Promise<void> {
	await Promise.all([...flushes].map((flush) => flush()));
}

let listening = false;

/** Flushes when the tab is hidden or closed: the last moment a page reliably runs code. */
export function flushWhenPageHides(): void {
	if (listening || typeof document === 'undefined') return;
	listening = true;
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden') void flushPendingSaves();
	});
	window.addEventListener('pagehide', () => void flushPendingSaves());
}
