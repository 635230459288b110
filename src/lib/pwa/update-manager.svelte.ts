import type { Workbox } from 'workbox-window';
import { flushPendingSaves } from '$lib/db/pending-saves';

/** How often an open app asks the server for a new version. */
const CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Registers the service worker and tells when a new version waits. The new version takes
 * over only when the person chooses to reload, after everything typed has been saved.
 */
class UpdateManager {
	available = $state(false);
	applying = $state(false);
	#workbox: Workbox | undefined;
	#started = false;

	/**
	 * Once the page is idle: the first screen does not wait for workbox-window or the worker's
	 * registration (which would wait for the page's load event anyway).
	 */
	start(): void {
		if (this.#started || !('serviceWorker' in navigator)) return;
		this.#started = true;
		const register = () => void this.#register();
		if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 2000 });
		else setTimeout(register, 200);
	}

	async #register(): Promise<void> {
		const { Workbox } = await import('workbox-window');
		const workbox = new Workbox('/service-worker.js');
		this.#workbox = workbox;
		workbox.addEventListener('waiting', () => {
			this.available = true;
		});
		void workbox.register();
		setInterval(() => void this.check(), CHECK_INTERVAL_MS);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.check();
		});
	}

	async check(): Promise<void> {
		if (!navigator.onLine) return;
		try {
			await this.#workbox?.update();
		} catch {
			// The server may be unreachable; the next check tries again.
		}
	}

	async apply(): Promise<void> {
		const workbox = this.#workbox;
		if (!workbox || this.applying) return;
		this.applying = true;
		await flushPendingSaves();
		workbox.addEventListener('controlling', () => window.location.reload());
		workbox.messageSkipWaiting();
	}

	later(): void {
		this.available = false;
	}
}

export const updates = new UpdateManager();
