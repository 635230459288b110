import { mount, unmount } from 'svelte';
import { eraseLockedDevice } from '$lib/db/erase';
import { language, loadTexts } from '$lib/i18n/i18n.svelte';
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
	// The page says which language it speaks before anything of the app has started.
	language.applyToDocument();
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
					void renewKeysIfNeeded().finally(resolve);
				},
				async onerase() {
					await eraseLockedDevice();
					location.replace('/');
				}
			}
		});
	});
}

/**
 * Work that needs the code comes before the app starts: keys a device kept unsealed since
 * before they could be sealed are renewed (see app-lock.ts). A failure waits for the next start.
 */
async function renewKeysIfNeeded() {
	const [{ openKoersDatabase }, { renewUnsealedKeys }] = await Promise.all([
		import('$lib/db/open'),
		import('./app-lock')
	]);
	const status = await openKoersDatabase();
	if (status.state !== 'ready') return;
	try {
		await renewUnsealedKeys(status.db);
	} catch (error) {
		console.warn('The device keys could not be renewed yet', error);
	} finally {
		status.db.close();
	}
}
