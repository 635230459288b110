/** Whether the browser believes it has a network. Koers works either way; this only informs. */
class OnlineManager {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

	start(): void {
		window.addEventListener('online', () => (this.online = true));
		window.addEventListener('offline', () => (this.online = false));
	}
}

export const connection = new OnlineManager();
