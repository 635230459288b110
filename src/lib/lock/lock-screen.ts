import { mount, unmount } from 'svelte';
import { eraseLockedDevice } from '$lib/db/erase';
import { loadTexts } from '$lib/i18n/i18n.svelte';
import LockScreen from '$lib/ui/LockScreen.svelte';
import { startAutoLock } from './auto-lock';
import { holdDataKey } from './data-key';
import { markLock, rebuildWasUnderWay } from './lock-mark';
import { readLock } from './lock-store';

/** Shows the lock screen, and resolves once the code opened the data key. */
export async function askForCode(): Promise<void> {
	if (rebuildWasUnderWay()) {
		const { finishRebuild } = await import('./rebuild');
		await finishRebuild();
	}
	const stored = await readLock();
	if (!stored) {
		// Turned off (in another tab, or the mark was left behind): nothing to ask.
		markLock(false);
		return;
	}
	await loadTexts('lock');
	const target = document.createElement('div');
	target.className = 'lock-layer';
	document.body.append(target);
	await new Promise<void>((resolve) => {
		const screen = mount(LockScreen, {
			target,
			props: {
				stored,
				onopen(dataKey: Uint8Array<ArrayBuffer>) {
					holdDataKey(dataKey);
					void unmount(screen).then(() => target.remove());
					startAutoLock(stored.lock.idleMinutes);
					resolve();
				},
				async onerase() {
					await eraseLockedDevice();
					location.replace('/');
				}
			}
		});
	});
}
