/**
 * Whether this device has a Koers database, decided before anything is opened. A mark in
 * localStorage keeps the answer, so that a start asks the browser nothing (its list of
 * databases takes a while on a cold start): "there is one" is written before Koers first
 * opens it, "there is none" once the browser's list said so. Without a mark, that list
 * decides. A mark can be out of date (storage cleared in part, a version before the mark):
 * `listsDatabase` asks the browser itself, for a check once the screen is shown.
 */
import { local, readKey, writeKey } from './web-storage';

const MARK = 'koers.database';
const PRESENT = '1';
const ABSENT = '0';

const readMark = () => readKey(local, MARK);
const writeMark = (value: string) => writeKey(local, MARK, value);

/** Called before the database is opened (and perhaps made): a crash after it loses nothing. */
export function rememberDatabase(): void {
	writeMark(PRESENT);
}

/** The browser's own list: true or false, or undefined when it cannot tell. */
export async function listsDatabase(name: string): Promise<boolean | undefined> {
	try {
		const databases = await globalThis.indexedDB?.databases?.();
		return databases?.some((database) => database.name === name);
	} catch {
		return undefined;
	}
}

// A start asks from two places at once (the first screen's choice and the layout).
let asking: Promise<boolean> | undefined;

/** True only when there is certainly no database of this name on the device. */
export function certainlyAbsent(name: string): Promise<boolean> {
	const mark = readMark();
	if (mark === PRESENT) return Promise.resolve(false);
	if (mark === ABSENT) return Promise.resolve(true);
	asking ??= listsDatabase(name).then((listed) => {
		// Another tab may have made the database meanwhile: its mark stays.
		if (listed === false && readMark() === null) writeMark(ABSENT);
		return listed === false;
	});
	return asking;
}
