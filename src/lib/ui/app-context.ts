import { getContext, setContext } from 'svelte';
import type { KoersDatabase } from '$lib/db/database';

const DATABASE = Symbol('database');

/** Pages are only rendered once the database is open, so they can rely on having it. */
export function setDatabase(db: KoersDatabase): KoersDatabase {
	return setContext(DATABASE, db);
}

export function getDatabase(): KoersDatabase {
	return getContext<KoersDatabase>(DATABASE);
}
