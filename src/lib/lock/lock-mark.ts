import { local, readKey, writeKey } from '$lib/db/web-storage';

/**
 * Marks in localStorage that a start reads before anything else: whether the lock is on (so
 * the start asks for the code first) and whether a rebuild of the database was under way
 * (so the start finishes it). The database itself decides: a missing mark only costs a
 * reload (see db/open.ts).
 */
const LOCK_MARK = 'koers.lock';
const REBUILD_MARK = 'koers.rebuilding';

export const lockIsOn = () => readKey(local, LOCK_MARK) === '1';
export const markLock = (on: boolean) => writeKey(local, LOCK_MARK, on ? '1' : null);

export const rebuildWasUnderWay = () => readKey(local, REBUILD_MARK) === '1';
export const markRebuild = (on: boolean) => writeKey(local, REBUILD_MARK, on ? '1' : null);
