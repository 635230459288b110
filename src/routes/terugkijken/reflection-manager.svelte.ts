import { getContext, setContext } from 'svelte';
import {
	nextConversation as nextOf,
	upcomingConversations,
	type PlannedConversation
} from '$lib/domain/agenda';
import { parseNextConversation, type NextConversation } from '$lib/domain/conversation-date';
import {
	liveReflections,
	type Reflection,
	type ReflectionContent,
	type ReflectionProblem
} from '$lib/domain/reflections';
import type { KoersDatabase } from '$lib/db/database';
import { LiveQuery } from '$lib/db/live-query.svelte';
import { askToKeepData } from '$lib/db/persist';
import { plannedConversations } from '$lib/db/planned-conversations';
import {
	addReflection,
	deleteReflection,
	listReflections,
	purgeExpiredReflections,
	restoreReflection,
	saveReflection,
	setReflectionVisibility
} from '$lib/db/reflection-repository';
import { readSetting, removeSetting, writeSetting } from '$lib/db/settings-repository';
import { formatDate } from '$lib/i18n/format';
import { language, t } from '$lib/i18n/i18n.svelte';
import { notices } from '$lib/ui/notices.svelte';
import { today } from './today';

export { today };

export const NEXT_CONVERSATION = 'nextConversation';

/** A parent's reflections and next conversation as live state, and every change to them. */
export class ReflectionManager {
	readonly db: KoersDatabase;
	readonly ownerId: string;
	#reflections: LiveQuery<Reflection[]>;
	#next: LiveQuery<unknown>;
	#planned: LiveQuery<PlannedConversation[]>;
	#queue: Promise<unknown> = Promise.resolve();

	constructor(db: KoersDatabase, ownerId: string) {
		this.db = db;
		this.ownerId = ownerId;
		this.#reflections = new LiveQuery(() => listReflections(db));
		this.#next = new LiveQuery(() => readSetting(db, NEXT_CONVERSATION));
		this.#planned = new LiveQuery(() => plannedConversations(db));
	}

	get loaded(): boolean {
		return this.#reflections.loaded;
	}

	get all(): Reflection[] {
		return this.#reflections.current ?? [];
	}

	get reflections(): Reflection[] {
		return liveReflections(this.all);
	}

	/** The date the parent set by hand; kept, but not used while one is planned in the family. */
	get byHand(): NextConversation | undefined {
		return parseNextConversation(this.#next.current);
	}

	/** The next conversation planned in the family, if there is one from today on. */
	get planned(): PlannedConversation | undefined {
		return upcomingConversations(this.#planned.current ?? [], today())[0];
	}

	get nextConversation(): NextConversation | undefined {
		return nextOf(this.#planned.current ?? [], this.byHand, today());
	}

	#serially<T>(change: () => Promise<T>): Promise<T> {
		const result = this.#queue.then(change);
		this.#queue = result.catch(() => undefined);
		return result;
	}

	add(content: ReflectionContent): Promise<Reflection | ReflectionProblem> {
		return this.#serially(async () => {
			const added = await addReflection(this.db, content, this.ownerId);
			if (typeof added !== 'string') void askToKeepData();
			return added;
		});
	}

	save(id: string, content: ReflectionContent): Promise<ReflectionProblem | undefined> {
		return this.#serially(() => saveReflection(this.db, id, content));
	}

	async delete(reflection: Reflection): Promise<void> {
		await this.#serially(() => deleteReflection(this.db, reflection.id));
		notices.show(t('reflect.deleted'), {
			label: t('reflect.undo'),
			run: () => this.restore(reflection.id)
		});
	}

	async restore(id: string): Promise<void> {
		await this.#serially(() => restoreReflection(this.db, id));
		notices.show(t('reflect.restored'));
	}

	/** Brings reflections to the conversation (readable by the counsellors), or keeps them private. */
	bring(ids: readonly string[], bring: boolean): Promise<void> {
		return this.#serially(() =>
			setReflectionVisibility(this.db, ids, bring ? 'counsellors' : 'private')
		);
	}

	setNextConversation(conversation: NextConversation | undefined): Promise<void> {
		return this.#serially(() =>
			conversation
				? writeSetting(this.db, NEXT_CONVERSATION, conversation)
				: removeSetting(this.db, NEXT_CONVERSATION)
		);
	}

	purgeExpired(): Promise<number> {
		return this.#serially(() => purgeExpiredReflections(this.db));
	}

	dateText(date: string): string {
		return formatDate(`${date}T12:00:00`, language.current);
	}
}

const KEY = Symbol('reflections');

export function setReflections(manager: ReflectionManager): ReflectionManager {
	return setContext(KEY, manager);
}

export function getReflections(): ReflectionManager {
	return getContext<ReflectionManager>(KEY);
}
