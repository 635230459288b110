import { lockIsOn, rebuildWasUnderWay } from './lock-mark';

/**
 * Runs before SvelteKit starts (hooks.client.ts): with the lock on, nothing of Koers opens,
 * reads or syncs until the code has unwrapped the data key. Without a lock this costs one
 * read of localStorage; the lock screen and its key derivation load only when needed.
 */
export async function passLock(): Promise<void> {
	if (!lockIsOn() && !rebuildWasUnderWay()) return;
	const { askForCode } = await import('./lock-screen');
	await askForCode();
}
