import { connectDatabase } from '$lib/db/connection';
import type { LayoutLoad } from './$types';

// Koers renders on the device: the data lives in IndexedDB, which a server cannot read.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

/** Opens the database once; every page gets its status (ready, or the problem to show). */
export const load: LayoutLoad = async () => ({ status: await connectDatabase() });
