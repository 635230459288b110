/**
 * The key that seals this device's records, while Koers is unlocked in this tab. It lives
 * only in this tab's memory: a reload, a quick exit or a lock forgets it.
 */
let dataKey: Uint8Array | undefined;

export function holdDataKey(key: Uint8Array): void {
	dataKey = key;
}

export function currentDataKey(): Uint8Array | undefined {
	return dataKey;
}

export function forgetDataKey(): void {
	dataKey?.fill(0);
	dataKey = undefined;
}
