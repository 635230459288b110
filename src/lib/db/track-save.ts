import type { SaveState } from './draft.svelte';

/** Shows a change's progress as "saving", then "saved" or "failed", through `show`. */
export async function trackSave(
	change: Promise<unknown>,
	show: (state: SaveState) => void
): Promise<void> {
	show('saving');
	try {
		await change;
		show('saved');
	} catch {
		show('failed');
	}
}
