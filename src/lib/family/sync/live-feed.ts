import type { KoersDatabase } from '$lib/db/database';
import { listen, RelayError } from './relay-client';

/** A space that hears the relay's news through the device's one stream. */
export interface Follower {
	readonly spaceId: string;
	/** The relay's highest number for the space: at once, and whenever it grows. */
	announced(last: number): void;
	/** The relay says this device's token is not (any more) a member of the space. */
	refused(): void;
	/** The stream dropped: no news reaches the space until it is back. */
	lost(): void;
}

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
/** Spaces that start following together (at start, a counsellor's families) share one opening. */
const GATHER_MS = 50;

const keyOf = (ids: Iterable<string>) => [...ids].sort().join(' ');

/**
 * The device's one event stream for all its spaces. A browser keeps at most six connections
 * to one host, so a stream per family would stall every other request of a counsellor with
 * six families. When the followed spaces change, the stream opens again with the new set;
 * what was announced meanwhile comes with the first events of the new one.
 */
export class LiveFeed {
	readonly #followers = new Map<string, Follower>();
	/** The spaces the open (or opening) stream follows. */
	#open = '';
	#abort: AbortController | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#attempt = 0;

	constructor(private readonly db: KoersDatabase) {}

	follow(follower: Follower) {
		this.#followers.set(follower.spaceId, follower);
		this.#openSoon();
	}

	unfollow(spaceId: string) {
		if (this.#followers.delete(spaceId)) this.#openSoon();
	}

	/** Back online: open again now instead of at the next attempt. */
	retry() {
		this.#attempt = 0;
		this.#open = '';
		this.#openSoon();
	}

	#openSoon() {
		if (keyOf(this.#followers.keys()) === this.#open) return;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#connect(), GATHER_MS);
	}

	async #connect() {
		this.#abort?.abort();
		this.#open = keyOf(this.#followers.keys());
		const followers = [...this.#followers.values()];
		if (followers.length === 0) return;
		const abort = new AbortController();
		this.#abort = abort;
		const spaces = (await this.db.spaces.bulkGet(followers.map((f) => f.spaceId)))
			.filter((space) => space && !space.leftAt)
			.map((space) => ({ spaceId: space!.id, token: space!.token }));
		try {
			await listen(
				spaces,
				(event) => {
					this.#attempt = 0;
					const follower = this.#followers.get(event.space);
					if (!follower) return;
					if ('last' in event) return follower.announced(event.last);
					// The relay stopped following it on this stream: nothing to open again for.
					this.#followers.delete(event.space);
					this.#open = keyOf(this.#followers.keys());
					follower.refused();
				},
				abort.signal
			);
		} catch (error) {
			if (error instanceof RelayError && error.code === 'not-a-member') {
				// Not one of the tokens is a member: each space says so and waits for its person.
				for (const follower of followers) {
					this.#followers.delete(follower.spaceId);
					follower.refused();
				}
				this.#open = keyOf(this.#followers.keys());
				if (this.#followers.size === 0) return;
			}
		}
		if (abort.signal.aborted) return;
		// The stream ended or did not open: every space waits for news, and it tries again.
		for (const follower of this.#followers.values()) follower.lost();
		this.#open = '';
		const wait = RETRY_MS[Math.min(this.#attempt++, RETRY_MS.length - 1)]!;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#connect(), wait);
	}
}
