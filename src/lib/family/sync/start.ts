import type { KoersDatabase } from '$lib/db/database';
import { syncEngine } from './engine.svelte';

/**
 * Starts keeping this device's family spaces in step. Called by the areas that show or
 * change shared items; the home screen does not load sync (its JavaScript budget).
 */
export function startSync(db: KoersDatabase) {
	syncEngine.start(db);
	return syncEngine;
}
