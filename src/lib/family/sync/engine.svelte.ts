import { version } from '$app/environment';
import { liveQuery, type Subscription } from 'dexie';
import { SvelteMap } from 'svelte/reactivity';
import type { KoersDatabase } from '$lib/db/database';
import type { SpaceRecord } from '$lib/db/schema';
import { applyOp, reportSetAside, type LogEntry } from './apply';
import { clockNode, deviceFor, sha256Hex } from './device';
import { nextBatch, stampChanges, waitingCount } from './outgoing';
import { markRefused, noteRelayUse, resendAfterRelayLoss, retrySetAside } from './recovery';
import { LiveFeed, type Follower } from './live-feed';
import { adoptTrustRules } from './trust-upgrade';
import { appendOnRelay, fetchOps, RelayError, type RelayUse } from './relay-client';

import type { SyncState } from './sync-state';

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

/** A short fingerprint of an op, to notice a relay that holds other ops under the same numbers. */
async function opMark(body: string): Promise<string> {
	return (await sha256Hex(body)).slice(0, 32);
}

/**
 * Keeps one family space in step with the relay: pull, apply, push, then follow the relay's
 * news on the device's one live feed.
 */
export class SpaceSync implements Follower {
	state = $state<SyncState>('connecting');
	waiting = $state(0);
	/** The relay's error code when it refused something (not when it was unreachable). */
	problem = $state<string | undefined>(undefined);
	#queue: Promise<void> = Promise.resolve();
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#heldTimer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;

	constructor(
		private readonly db: KoersDatabase,
		readonly spaceId: string,
		private readonly feed?: LiveFeed
	) {}

	start() {
		this.#stopped = false;
		void this.#connect();
	}

	stop() {
		this.#stopped = true;
		this.feed?.unfollow(this.spaceId);
		clearTimeout(this.#timer);
		clearTimeout(this.#heldTimer);
	}

	/** "Opnieuw proberen": start over now instead of waiting for the next attempt. */
	retry() {
		this.#attempt = 0;
		clearTimeout(this.#timer);
		this.#stopped = false;
		void this.#connect();
	}

	announced(last: number) {
		void (async () => {
			const space = await this.db.spaces.get(this.spaceId);
			if (space && (last > space.lastSeq || this.state === 'offline')) await this.sync();
		})();
	}

	refused() {
		void (async () => {
			const space = await this.db.spaces.get(this.spaceId);
			if (space) await this.#failed(new RelayError('not-a-member'), space);
		})();
	}

	lost() {
		if (this.state !== 'left' && this.state !== 'refused') this.state = 'offline';
	}

	/** Pull then push, one run at a time; resolves when this run is over. */
	sync(): Promise<void> {
		this.#queue = this.#queue.then(() => this.#run()).catch(() => undefined);
		return this.#queue;
	}

	/** A local change: stamp it, count it, and send it if we can. */
	async noteLocalChange() {
		const space = await this.db.spaces.get(this.spaceId);
		if (!space || space.leftAt) return;
		if (this.#sharesRecords(space))
			await stampChanges(this.db, clockNode(await deviceFor(this.db, space.id)));
		await this.#count(space);
		if (this.state !== 'offline') await this.sync();
	}

	#sharesRecords(space: SpaceRecord) {
		return space.myRole === 'parent' && !space.joining;
	}

	async #count(space: SpaceRecord) {
		this.waiting = await waitingCount(this.db, space.id, this.#sharesRecords(space));
	}

	async #run() {
		let space = await this.db.spaces.get(this.spaceId);
		if (!space || space.leftAt) return this.#left();
		try {
			await adoptTrustRules(this.db, space);
			await retrySetAside(this.db, space, version);
			await this.#pull(space);
			space = (await this.db.spaces.get(this.spaceId))!;
			if (space.leftAt) return this.#left();
			const full = !space.joining && !(await this.#pushUnlessFull(space));
			if (space.refusedAt) await this.db.spaces.update(space.id, { refusedAt: undefined });
			this.problem = full ? 'quota-reached' : undefined;
			await this.#count(space);
			this.state = full ? 'problem' : this.waiting > 0 ? 'waiting' : 'up-to-date';
		} catch (error) {
			await this.#failed(error, space);
			throw error;
		}
	}

	async #failed(error: unknown, space: SpaceRecord) {
		const code = error instanceof RelayError ? error.code : 'unavailable';
		await this.#count(space).catch(() => undefined);
		if (code === 'not-a-member') {
			// The relay's word alone never deletes anything: the device keeps what it has, says
			// so, and offers to connect again or to make a file.
			await markRefused(this.db, space.id);
			this.state = 'refused';
			return;
		}
		if (code === 'offline' || code === 'unavailable' || code === 'stopped') {
			this.state = 'offline';
		} else {
			this.state = 'problem';
			this.problem = code;
		}
	}

	#left() {
		this.state = 'left';
		this.stop();
	}

	async #pull(space: SpaceRecord) {
		const [device, profile] = await Promise.all([
			deviceFor(this.db, space.id),
			this.db.profile.get('me')
		]);
		for (;;) {
			// Read from the last op we applied, to see that the relay still has that very op.
			const check = space.lastSeq > 0 && space.lastMark !== undefined;
			const after = check ? space.lastSeq - 1 : space.lastSeq;
			const { ops, last, used, quota } = await fetchOps(space.id, space.token, after);
			await noteRelayUse(this.db, space.id, { used, quota });
			const [first] = ops;
			const fresh = (check ? ops.slice(1) : ops) as LogEntry[];
			const lost =
				(check
					? first?.seq !== space.lastSeq || (await opMark(first.body)) !== space.lastMark
					: last < space.lastSeq) || (await this.#lostOwn(space, fresh, last));
			if (lost) {
				// The relay's numbers went back or it holds other ops under them (a restored
				// backup, a new relay): read it all again and send again what it no longer has.
				await resendAfterRelayLoss(this.db, space, profile!.memberId);
				space = { ...(await this.db.spaces.get(space.id))! };
				continue;
			}
			for (const op of fresh) {
				const outcome = await applyOp(this.db, space, device, profile!.memberId, op);
				if (typeof outcome === 'object')
					await reportSetAside(this.db, space.id, op, outcome.setAside, version);
				const lastMark = await opMark(op.body);
				await this.db.spaces.update(space.id, { lastSeq: op.seq, lastMark });
				// Applying may end our membership (removed) or finish joining (member list).
				const now = await this.db.spaces.get(space.id);
				if (!now || now.leftAt) return;
				space = { ...now, lastSeq: op.seq, lastMark };
			}
			if (fresh.length === 0 || space.lastSeq >= last) return;
		}
	}

	/** Whether the relay no longer holds the last op this device sent (a restored backup). */
	async #lostOwn(space: SpaceRecord, ops: LogEntry[], last: number): Promise<boolean> {
		const sent = space.lastSent;
		if (!sent) return false;
		if (last < sent.seq) return true;
		const mine = ops.find((op) => op.seq === sent.seq);
		return mine !== undefined && (await opMark(mine.body)) !== sent.mark;
	}

	/**
	 * Pushes; false when the family's space on the relay is full. What waits stays on this
	 * device (nothing is marked sent) and goes once there is room.
	 */
	async #pushUnlessFull(space: SpaceRecord): Promise<boolean> {
		try {
			await this.#push(space);
			return true;
		} catch (error) {
			if (!(error instanceof RelayError && error.code === 'quota-reached')) throw error;
			await noteRelayUse(this.db, this.spaceId, error.body as Partial<RelayUse>, 'refused');
			return false;
		}
	}

	async #push(space: SpaceRecord) {
		const [device, profile] = await Promise.all([
			deviceFor(this.db, space.id),
			this.db.profile.get('me')
		]);
		const shares = this.#sharesRecords(space);
		if (shares) await stampChanges(this.db, clockNode(device));
		for (;;) {
			const batch = await nextBatch(this.db, device, profile!.memberId, space.id, shares);
			if (!batch) return;
			if (batch.waitUntil) this.#sendLater(batch.waitUntil);
			if (batch.held) return;
			// A batch may seal for nobody (a note while there is no other counsellor): done too.
			if (batch.bodies.length) await this.#post(space, batch.bodies);
			await batch.done();
		}
	}

	/** A record held back while its author types goes when its minute is over. */
	#sendLater(at: number) {
		clearTimeout(this.#heldTimer);
		this.#heldTimer = setTimeout(() => void this.sync(), Math.max(0, at - Date.now()) + 50);
	}

	/**
	 * Sends a batch. When the relay finds it too large, each op goes on its own, and one it
	 * refuses even alone is reported apart (it stays on this device), so the rest still goes.
	 */
	async #post(space: SpaceRecord, bodies: string[]) {
		try {
			const { seqs, used, quota } = await appendOnRelay(space.id, space.token, bodies);
			const lastSent = { seq: Math.max(...seqs), mark: await opMark(bodies.at(-1)!) };
			await this.db.spaces.update(space.id, { lastSent });
			await noteRelayUse(this.db, space.id, { used, quota }, 'sent');
		} catch (error) {
			if (!(error instanceof RelayError && error.code === 'too-large')) throw error;
			if (bodies.length === 1) {
				await reportSetAside(this.db, space.id, { seq: 0, body: '' }, 'not-sent', version);
				return;
			}
			for (const body of bodies) await this.#post(space, [body]);
		}
	}

	async #connect() {
		if (this.#stopped) return;
		clearTimeout(this.#timer);
		await this.sync();
		if (this.#stopped || this.state === 'left') return;
		// Not a member (any more): wait for the person to choose what to do.
		if (this.state === 'refused') return this.feed?.unfollow(this.spaceId);
		// A full space still hears news (others may make room, or the server gets more).
		if (
			this.state === 'offline' ||
			(this.state === 'problem' && this.problem !== 'quota-reached')
		) {
			// Unreachable or refused: try again later (a refusal such as "too many requests" passes).
			const wait = RETRY_MS[Math.min(this.#attempt++, RETRY_MS.length - 1)]!;
			this.#timer = setTimeout(() => void this.#connect(), wait);
			return;
		}
		this.#attempt = 0;
		this.feed?.follow(this);
	}
}

/** All spaces of this device, kept in step while the app is open. */
class SyncEngine {
	readonly spaces = new SvelteMap<string, SpaceSync>();
	#feed: LiveFeed | undefined;
	#started = false;
	#subscriptions: Subscription[] = [];
	#changeTimer: ReturnType<typeof setTimeout> | undefined;

	start(db: KoersDatabase) {
		if (this.#started) return;
		this.#started = true;
		const feed = new LiveFeed(db);
		this.#feed = feed;
		this.#subscriptions.push(
			liveQuery(() => db.spaces.toArray()).subscribe((spaces) => {
				for (const space of spaces) {
					if (space.leftAt) {
						this.spaces.get(space.id)?.stop();
						continue;
					}
					if (this.spaces.has(space.id)) continue;
					const sync = new SpaceSync(db, space.id, feed);
					this.spaces.set(space.id, sync);
					sync.start();
				}
			}),
			// Any change to what a parent may share or anyone wrote in a space: stamp and send it
			// (debounced while typing).
			liveQuery(async () => {
				// Reading the whole tables makes any write to them wake this query.
				await db.statements.toCollection().primaryKeys();
				await db.reflections.toCollection().primaryKeys();
				await db.outbox.toCollection().primaryKeys();
				await db.spaceItems.where('pending').equals(1).primaryKeys();
				return Date.now();
			}).subscribe(() => {
				clearTimeout(this.#changeTimer);
				this.#changeTimer = setTimeout(() => {
					for (const sync of this.spaces.values()) void sync.noteLocalChange();
				}, 300);
			})
		);
		window.addEventListener('online', () => {
			for (const sync of this.spaces.values()) sync.retry();
			this.#feed?.retry();
		});
	}
}

export const syncEngine = new SyncEngine();
