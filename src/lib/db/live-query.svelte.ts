import { createSubscriber } from 'svelte/reactivity';

// Dexie comes with the database connection. Importing it here only when a query starts
// keeps it out of screens that may open without it (the home screen's first look).
const dexie = () => import('dexie');

/**
 * The one bridge from Dexie's liveQuery to Svelte 5 runes. Reading `current` inside an
 * effect or template subscribes; the subscription ends when nothing reads it any more.
 * The query must not read reactive state: make a new LiveQuery when its inputs change.
 */
export class LiveQuery<T> {
	#value = $state.raw<T | undefined>(undefined);
	#error = $state.raw<unknown>(undefined);
	#loaded = $state(false);
	#subscribe: () => void;

	/** `known`: a result read just before, shown until the live one arrives. */
	constructor(query: () => T | Promise<T>, known?: T) {
		if (known !== undefined) {
			this.#value = known;
			this.#loaded = true;
		}
		this.#subscribe = createSubscriber(() => {
			let subscription: { unsubscribe(): void } | undefined;
			let ended = false;
			void dexie().then(({ liveQuery }) => {
				if (ended) return;
				subscription = liveQuery(query).subscribe({
					next: (value) => {
						this.#value = value;
						this.#error = undefined;
						this.#loaded = true;
					},
					error: (error: unknown) => {
						this.#error = error;
						this.#loaded = true;
					}
				});
			});
			return () => {
				ended = true;
				subscription?.unsubscribe();
			};
		});
	}

	/** The latest result, or undefined until the first one arrives. */
	get current(): T | undefined {
		this.#subscribe();
		return this.#value;
	}

	get loaded(): boolean {
		this.#subscribe();
		return this.#loaded;
	}

	get error(): unknown {
		this.#subscribe();
		return this.#error;
	}
}
