import type { KoersDatabase } from '$lib/db/database';
import { readSetting, writeSetting } from '$lib/db/settings-repository';

const unique = (list: string[]) => list.filter((x, i) => list.indexOf(x) === i);

/**
 * What this screen remembers of one conversation: the items hidden for the rest of it and
 * the sections that were shown (the themes discussed, for the summary). Kept on this
 * device only, so a reload or a crash in the room loses nothing.
 */
export class ConversationState {
	hidden = $state<string[]>([]);
	visited = $state<string[]>([]);
	/** The statement picked first while linking shared ground. */
	linking = $state<string | undefined>(undefined);
	#db: KoersDatabase;
	#key: string;

	constructor(db: KoersDatabase, conversationId: string) {
		this.#db = db;
		this.#key = `conversation:${conversationId}`;
		void readSetting(db, this.#key).then((stored) => {
			const value = (stored ?? {}) as { hidden?: unknown; visited?: unknown };
			const strings = (v: unknown) =>
				Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
			this.hidden = unique([...strings(value.hidden), ...this.hidden]);
			this.visited = unique([...strings(value.visited), ...this.visited]);
		});
	}

	hide(id: string) {
		if (!this.hidden.includes(id)) this.hidden = [...this.hidden, id];
		if (this.linking === id) this.linking = undefined;
		return this.#save();
	}

	showAll() {
		this.hidden = [];
		return this.#save();
	}

	visit(section: string) {
		if (this.visited.includes(section)) return;
		this.visited = [...this.visited, section];
		return this.#save();
	}

	#save() {
		return writeSetting(this.#db, this.#key, {
			hidden: $state.snapshot(this.hidden),
			visited: $state.snapshot(this.visited)
		});
	}
}
