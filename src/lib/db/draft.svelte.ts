import type { KoersDatabase } from './database';
import { readDraft, removeDrafts, writeDraft } from './draft-repository';
import { registerPendingSave } from './pending-saves';
import { storage } from './storage-state.svelte';
import { forgetOutside, isStorageFull, keepOutside, readOutside } from './text-outside';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** How long typing may pause before the text is written. Short, because a crash can come any time. */
const SAVE_DELAY_MS = 250;

/**
 * The text of one form field, kept in IndexedDB while it is typed, so a reload, a crash,
 * a closed tab or an app update never loses it. Cleared once the form is really saved.
 */
export class Draft {
	text = $state('');
	loaded = $state(false);
	/** True when text from an earlier visit was brought back. */
	restored = $state(false);
	state = $state<SaveState>('idle');

	#db: () => Promise<KoersDatabase>;
	#id: string;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#dirty = false;
	#unregister: () => void;
	/** Settles once the stored text (if any) has been looked up. */
	readonly ready: Promise<void>;

	/**
	 * `db` may be a way to open the database instead: for a newcomer, who has none yet.
	 * Nothing can be stored then, so nothing is read back; the first save opens it.
	 */
	constructor(db: KoersDatabase | (() => Promise<KoersDatabase>), id: string, fallback = '') {
		const opened = typeof db === 'function' ? undefined : db;
		this.#db = typeof db === 'function' ? db : () => Promise.resolve(db);
		this.#id = id;
		this.text = fallback;
		this.#unregister = registerPendingSave(() => this.flush());
		// Text kept outside IndexedDB (a full disk) is newer than any draft in it.
		const stored = opened
			? Promise.all([readOutside(id), readDraft(opened, id)]).then(([outside, inside]) =>
					outside !== undefined ? outside : inside
				)
			: Promise.resolve(undefined);
		this.ready = stored.then((stored) => {
			// Typing that started before the stored text arrived wins.
			if (stored !== undefined && stored !== '' && !this.#dirty) {
				this.text = stored;
				this.restored = true;
			}
			this.loaded = true;
		});
	}

	get id(): string {
		return this.#id;
	}

	set(text: string): void {
		this.text = text;
		this.#dirty = true;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
	}

	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		if (!this.#dirty) return;
		this.#dirty = false;
		this.state = 'saving';
		const text = this.text;
		try {
			await writeDraft(await this.#db(), this.#id, text);
			forgetOutside(this.#id);
			storage.full = false;
			this.state = 'saved';
		} catch (error) {
			this.#dirty = true;
			this.state = 'failed';
			// A full disk: the text goes where it can be kept, until a later write succeeds.
			if (isStorageFull(error)) {
				storage.full = true;
				await keepOutside(this.#id, text);
			}
		}
	}

	/** Forgets the draft once its content is stored for real. */
	async discard(): Promise<void> {
		clearTimeout(this.#timer);
		this.#dirty = false;
		forgetOutside(this.#id);
		await removeDrafts(await this.#db(), [this.#id]);
	}

	/**
	 * Continues under another id, forgetting what was kept under the old one: used when a
	 * new item becomes a record and its unsaved text belongs to that record from then on.
	 */
	async moveTo(id: string): Promise<void> {
		await this.discard();
		this.#id = id;
	}

	dispose(): void {
		void this.flush();
		this.#unregister();
	}
}
