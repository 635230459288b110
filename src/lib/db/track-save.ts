import type { SaveState } from './draft.svelte';
import { storage } from './storage-state.svelte';
import { isStorageFull } from './text-outside';

/** Shows a change's progress as "saving", then "saved" or "failed", through `show`. */
export async function trackSave(
	change: Promise<unknown>,
	show: (state: SaveState) => void
): Promise<void> {
	show('saving');
	try {
		await change;
		storage.full = false;
		show('saved');
	} catch (error) {
		if (isStorageFull(error)) storage.full = true;
		show('failed');
	}
}
