/**
 * Whether the device refused the last write for want of space. Every screen says so, with
 * what to do; the next write that succeeds clears it.
 */
class StorageState {
	full = $state(false);
}

export const storage = new StorageState();
