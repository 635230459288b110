/**
 * Counts requests per key (a token hash, a client address) in fixed windows, in memory:
 * each relay process counts its own.
 */
export class RateLimiter {
	#windows = new Map<string, { start: number; count: number }>();
	#lastSweep = 0;

	constructor(
		readonly limit: number,
		readonly windowMs = 60_000
	) {}

	/**
	 * Counts a request (or `amount` of something, such as bytes) for `key`: 0 when it may go
	 * ahead, else the seconds until it may.
	 */
	take(key: string, now = Date.now(), amount = 1): number {
		const wait = this.wait(key, now, amount);
		if (wait === 0) this.#windows.get(key)!.count += amount;
		return wait;
	}

	/** Undoes a `take` that turned out not to count (a token that was a member after all). */
	giveBack(key: string, amount = 1) {
		const window = this.#windows.get(key);
		if (window) window.count = Math.max(0, window.count - amount);
	}

	/** Like `take`, without counting: whether `amount` more would pass `key`'s window. */
	wait(key: string, now = Date.now(), amount = 1): number {
		this.#sweep(now);
		let window = this.#windows.get(key);
		if (!window || now - window.start >= this.windowMs) {
			window = { start: now, count: 0 };
			this.#windows.set(key, window);
		}
		if (window.count + amount > this.limit) {
			return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
		}
		return 0;
	}

	/** Forgets finished windows now and then, so many one-off keys do not pile up. */
	#sweep(now: number) {
		if (now - this.#lastSweep < this.windowMs) return;
		this.#lastSweep = now;
		for (const [key, window] of this.#windows) {
			if (now - window.start >= this.windowMs) this.#windows.delete(key);
		}
	}
}
