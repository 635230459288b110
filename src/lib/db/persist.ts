let asked = false;

/**
 * Asks the browser to keep Koers's data even when storage runs low. Asked once per page
 * session and only after the user stored something: browsers weigh the request by use.
 */
export async function askToKeepData(): Promise<boolean> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.persist || asked) return false;
	asked = true;
	try {
		if (await storage.persisted()) return true;
		return await storage.persist();
	} catch {
		return false;
	}
}
