/** The channel on which a tab that rebuilds the database asks the others to step aside. */
export const REBUILD_CHANNEL = 'koers.rebuild';

/** This tab, so that it does not step aside for its own rebuild (a channel hears itself). */
export const THIS_TAB = crypto.randomUUID();

/**
 * In every open tab: when another tab rebuilds the database (the lock goes on or off), save
 * what is typed, close the database and reload. The start then waits for the rebuild, and
 * asks for the code if the lock is on. Returns the way to stop listening.
 */
export function stepAsideForRebuilds(close: () => void, flush: () => Promise<void>): () => void {
	if (typeof BroadcastChannel === 'undefined') return () => {};
	const channel = new BroadcastChannel(REBUILD_CHANNEL);
	channel.onmessage = async ({ data }: MessageEvent<{ from?: string }>) => {
		if (data?.from === THIS_TAB) return;
		await flush().catch(() => {});
		close();
		location.reload();
	};
	return () => channel.close();
}
