/**
 * The event streams open in this relay process: one per device, for all its spaces. The
 * store tells each space's news once (from the database's notifications); the fan-out to
 * streams happens in memory, without a query per stream. One timer pings every stream and
 * catches up, in one query for all of them, on news missed while a database listener
 * reconnected, and on tokens revoked meanwhile.
 */
import type { RelayStore, SpaceToken, SpaceTokenState } from './store';

interface Followed {
	tokenHash: string;
	/** The highest number heard; sent once the stream has started. */
	latest: number;
	sent: number;
	stop: () => void;
}

const encoder = new TextEncoder();

/** Counts per key, forgetting keys at zero. */
class Counts {
	readonly #counts = new Map<string, number>();
	get = (key: string) => this.#counts.get(key) ?? 0;
	add(key: string, by: number) {
		const count = this.get(key) + by;
		if (count > 0) this.#counts.set(key, count);
		else this.#counts.delete(key);
	}
}

export type StreamLimit = 'token' | 'address';

/** One device's stream. Subscribes first and starts once membership is known. */
export class LiveStream {
	readonly body: ReadableStream<Uint8Array>;
	readonly #spaces = new Map<string, Followed>();
	#controller!: ReadableStreamDefaultController<Uint8Array>;
	#started = false;
	#closed = false;

	constructor(
		private readonly hub: StreamHub,
		readonly address: string,
		readonly tokens: readonly SpaceToken[]
	) {
		this.body = new ReadableStream<Uint8Array>({
			start: (controller) => {
				this.#controller = controller;
			},
			cancel: () => this.close()
		});
	}

	/** Listens to each space before its state is read, so no news falls in between. */
	async subscribe(store: RelayStore) {
		for (const { spaceId, tokenHash } of this.tokens) {
			const followed: Followed = { tokenHash, latest: 0, sent: -1, stop: () => {} };
			this.#spaces.set(spaceId, followed);
			followed.stop = await store.subscribe(spaceId, {
				seq: (seq) => this.announce(spaceId, seq),
				revoked: (hash) => hash === tokenHash && this.refuse(spaceId)
			});
			if (this.#closed) followed.stop();
		}
	}

	/** The first events: each space's last number, and which tokens are not members. */
	start(states: readonly SpaceTokenState[]) {
		this.#started = true;
		for (const state of states) {
			if (!state.member) this.refuse(state.spaceId);
			else this.announce(state.spaceId, state.last);
		}
	}

	get pairs(): SpaceToken[] {
		return [...this.#spaces].map(([spaceId, { tokenHash }]) => ({ spaceId, tokenHash }));
	}

	announce(spaceId: string, seq: number) {
		const followed = this.#spaces.get(spaceId);
		if (!followed) return;
		followed.latest = Math.max(followed.latest, seq);
		if (!this.#started || followed.latest <= followed.sent) return;
		followed.sent = followed.latest;
		this.write(`data: ${JSON.stringify({ space: spaceId, last: followed.sent })}\n\n`);
	}

	/** The token is no (longer a) member of this space: say so and stop following it. */
	refuse(spaceId: string) {
		const followed = this.#spaces.get(spaceId);
		if (!followed) return;
		this.#spaces.delete(spaceId);
		followed.stop();
		this.hub.released([followed.tokenHash]);
		this.write(`data: ${JSON.stringify({ space: spaceId, refused: 'not-a-member' })}\n\n`);
		if (this.#spaces.size === 0) this.close();
	}

	write(text: string) {
		if (this.#closed) return;
		try {
			this.#controller.enqueue(encoder.encode(text));
		} catch {
			this.close();
		}
	}

	close() {
		if (this.#closed) return;
		this.#closed = true;
		for (const followed of this.#spaces.values()) followed.stop();
		this.hub.closed(
			this,
			[...this.#spaces.values()].map((f) => f.tokenHash)
		);
		this.#spaces.clear();
		try {
			this.#controller.close();
		} catch {
			// Already cancelled by the reader.
		}
	}
}

export class StreamHub {
	readonly #open = new Set<LiveStream>();
	readonly #perToken = new Counts();
	readonly #perAddress = new Counts();
	#timer: ReturnType<typeof setInterval> | undefined;
	#catchingUp = false;

	constructor(
		private readonly store: RelayStore,
		private readonly limits: { streamsPerToken: number; streamsPerAddress: number; pingMs: number }
	) {}

	get size() {
		return this.#open.size;
	}

	/** Which cap a new stream for these tokens from this address would pass, if any. */
	full(address: string, tokens: readonly SpaceToken[]): StreamLimit | undefined {
		if (this.#perAddress.get(address) >= this.limits.streamsPerAddress) return 'address';
		if (tokens.some((t) => this.#perToken.get(t.tokenHash) >= this.limits.streamsPerToken)) {
			return 'token';
		}
		return undefined;
	}

	/** Counts a new stream against the caps at once, so two opening together cannot both pass. */
	reserve(address: string, tokens: readonly SpaceToken[]): LiveStream | StreamLimit {
		const full = this.full(address, tokens);
		if (full) return full;
		const stream = new LiveStream(this, address, tokens);
		this.#open.add(stream);
		this.#perAddress.add(address, 1);
		for (const { tokenHash } of tokens) this.#perToken.add(tokenHash, 1);
		this.#timer ??= setInterval(() => void this.#tick(), this.limits.pingMs);
		return stream;
	}

	/** A stream stopped following some spaces. */
	released(tokenHashes: readonly string[]) {
		for (const hash of tokenHashes) this.#perToken.add(hash, -1);
	}

	closed(stream: LiveStream, tokenHashes: readonly string[]) {
		if (!this.#open.delete(stream)) return;
		this.#perAddress.add(stream.address, -1);
		this.released(tokenHashes);
		if (this.#open.size === 0) {
			clearInterval(this.#timer);
			this.#timer = undefined;
		}
	}

	closeAll() {
		for (const stream of [...this.#open]) stream.close();
	}

	async #tick() {
		for (const stream of this.#open) stream.write(': ping\n\n');
		if (this.#catchingUp) return;
		this.#catchingUp = true;
		try {
			const byPair = new Map<string, LiveStream[]>();
			const pairs: SpaceToken[] = [];
			for (const stream of this.#open) {
				for (const pair of stream.pairs) {
					const key = `${pair.spaceId} ${pair.tokenHash}`;
					const streams = byPair.get(key);
					if (streams) {
						streams.push(stream);
					} else {
						byPair.set(key, [stream]);
						pairs.push(pair);
					}
				}
			}
			for (const state of await this.store.states(pairs)) {
				for (const stream of byPair.get(`${state.spaceId} ${state.tokenHash}`) ?? []) {
					if (state.member) stream.announce(state.spaceId, state.last);
					else stream.refuse(state.spaceId);
				}
			}
		} catch (error) {
			console.error('Relay streams could not catch up', error);
		} finally {
			this.#catchingUp = false;
		}
	}
}
