import { getContext, setContext } from 'svelte';
import { childrenOf, sortChildren, type Child } from '$lib/domain/children';
import { moveWithinGroup, type Direction } from '$lib/domain/grouping';
import {
	normaliseText,
	type Statement,
	type StatementDraft,
	type TextProblem
} from '$lib/domain/statements';
import {
	addChild,
	listChildren,
	removeChild,
	restoreChild,
	updateChild
} from '$lib/db/child-repository';
import type { KoersDatabase } from '$lib/db/database';
import { LiveQuery } from '$lib/db/live-query.svelte';
import { askToKeepData } from '$lib/db/persist';
import {
	addStatement,
	deleteStatement,
	listStatements,
	purgeExpiredStatements,
	purgeStatement,
	restoreStatement,
	restoreVersion,
	saveStatementText,
	setStatementOrder,
	updateStatementDetails,
	type StatementDetails
} from '$lib/db/statement-repository';
import { t } from '$lib/i18n/i18n.svelte';
import { notices } from '$lib/ui/notices.svelte';

/** The words a statement starts with, to name it in buttons and messages. */
export function opening(text: string, words = 6): string {
	const parts = text.trim().split(/\s+/);
	return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : parts.join(' ');
}

/**
 * A parent's statements and children as live state, and every change to them. Changes run
 * one after another, so fast typing is stored in the order it was typed.
 */
export class CourseManager {
	readonly db: KoersDatabase;
	readonly ownerId: string;
	#statements: LiveQuery<Statement[]>;
	#children: LiveQuery<Child[]>;
	#queue: Promise<unknown> = Promise.resolve();

	constructor(db: KoersDatabase, ownerId: string) {
		this.db = db;
		this.ownerId = ownerId;
		this.#statements = new LiveQuery(() => listStatements(db));
		this.#children = new LiveQuery(() => listChildren(db));
	}

	get loaded(): boolean {
		return this.#statements.loaded && this.#children.loaded;
	}

	/** Every statement, deleted ones included. */
	get allStatements(): Statement[] {
		return this.#statements.current ?? [];
	}

	get statements(): Statement[] {
		return this.allStatements.filter((s) => !s.deletedAt);
	}

	/** Statements by id, deleted ones included, for the many lookups of reflection lists. */
	get byId(): Map<string, Statement> {
		return this.#byId;
	}

	// A new map per change of the list, never mutated, so it needs no reactive map.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#byId = $derived(new Map(this.allStatements.map((s) => [s.id, s])));

	get allChildren(): Child[] {
		return this.#children.current ?? [];
	}

	get children(): Child[] {
		return sortChildren(this.allChildren);
	}

	/** "Noor, Sam" or "all children", as shown and searched. */
	aboutText(statement: Statement): string {
		const about = childrenOf(statement.childIds, this.allChildren);
		return about === 'all'
			? t('course.aboutAll')
			: t('course.about', { names: about.map((c) => c.name).join(', ') });
	}

	/** Settles once every change asked for so far is written: before a lock or Snel weg. */
	settled(): Promise<void> {
		return this.#queue.then(() => undefined);
	}

	#serially<T>(change: () => Promise<T>): Promise<T> {
		const result = this.#queue.then(change);
		this.#queue = result.catch(() => undefined);
		return result;
	}

	add(draft: StatementDraft): Promise<Statement | TextProblem> {
		return this.#serially(async () => {
			const created = await addStatement(this.db, draft, this.ownerId);
			if (typeof created !== 'string') void askToKeepData();
			return created;
		});
	}

	/** The text of each statement as this tab last read or wrote it (see `saveText`). */
	// Bookkeeping for the saves, never shown: it needs no reactive map.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#known = new Map<string, string>();

	/** An editor opened this text: a later save compares the stored text with it. */
	sawText(id: string, text: string): void {
		this.#known.set(id, text);
	}

	/**
	 * Saves, one change after another. Text written meanwhile in another tab is never lost:
	 * it goes to the history, and the answer says so ('keptOther').
	 */
	saveText(id: string, text: string): Promise<TextProblem | 'keptOther' | undefined> {
		return this.#serially(async () => {
			const outcome = await saveStatementText(this.db, id, text, { base: this.#known.get(id) });
			if (outcome === undefined || outcome === 'keptOther')
				this.#known.set(id, normaliseText(text));
			return outcome;
		});
	}

	updateDetails(id: string, details: StatementDetails): Promise<void> {
		return this.#serially(() => updateStatementDetails(this.db, id, details));
	}

	move(id: string, direction: Direction): Promise<void> {
		return this.#serially(() =>
			setStatementOrder(this.db, moveWithinGroup(this.allStatements, id, direction))
		);
	}

	async delete(statement: Statement): Promise<void> {
		await this.#serially(() => deleteStatement(this.db, statement.id));
		notices.show(t('course.deletedNotice'), {
			label: t('course.undo'),
			run: () => this.restore(statement.id)
		});
	}

	async restore(id: string): Promise<void> {
		await this.#serially(() => restoreStatement(this.db, id));
		notices.show(t('course.restored'));
	}

	async purge(id: string): Promise<void> {
		if (await this.#serially(() => purgeStatement(this.db, id))) notices.show(t('course.purged'));
	}

	restoreVersion(statementId: string, versionId: string): Promise<void> {
		return this.#serially(() => restoreVersion(this.db, statementId, versionId));
	}

	addChild(child: { name: string; birthYear?: number }): Promise<string> {
		return this.#serially(async () => {
			const id = await addChild(this.db, this.ownerId, child);
			void askToKeepData();
			return id;
		});
	}

	updateChild(id: string, child: { name: string; birthYear?: number }): Promise<void> {
		return this.#serially(() => updateChild(this.db, id, child));
	}

	async removeChild(child: Child): Promise<void> {
		await this.#serially(() => removeChild(this.db, child.id));
		notices.show(t('children.removed', { name: child.name }), {
			label: t('course.undo'),
			run: () => this.#serially(() => restoreChild(this.db, child.id))
		});
	}

	purgeExpired(): Promise<number> {
		return this.#serially(() => purgeExpiredStatements(this.db));
	}
}

const KEY = Symbol('course');

export function setCourse(course: CourseManager): CourseManager {
	return setContext(KEY, course);
}

export function getCourse(): CourseManager {
	return getContext<CourseManager>(KEY);
}
