/**
 * localStorage and sessionStorage, which a private window may refuse (even to be touched):
 * then nothing is read or kept, and the caller goes on with its default.
 */
export const local = () => localStorage;
export const session = () => sessionStorage;

export function readKey(storage: () => Storage, key: string): string | null {
	try {
		return storage().getItem(key);
	} catch {
		return null;
	}
}

/** `null` removes the key. */
export function writeKey(storage: () => Storage, key: string, value: string | null): void {
	try {
		if (value === null) storage().removeItem(key);
		else storage().setItem(key, value);
	} catch {
		// Refused: the caller's default holds next time.
	}
}
