import { replaceState } from '$app/navigation';
import { resolve } from '$app/paths';
import { Draft, type SaveState } from '$lib/db/draft.svelte';
import { registerPendingSave } from '$lib/db/pending-saves';
import { trackSave } from '$lib/db/track-save';
import {
	DEFAULT_VISIBILITY,
	checkText,
	isKind,
	isTheme,
	isVisibility,
	type Statement,
	type StatementDraft,
	type StatementKind,
	type TextProblem,
	type Theme,
	type Visibility
} from '$lib/domain/statements';
import type { StatementDetails } from '$lib/db/statement-repository';
import type { CourseManager } from '$lib/ui/course-manager.svelte';

const NEW_DRAFT = 'statement:new';

/** Reads back a new statement's draft; anything unexpected is left at its default. */
export function parseNewDraft(json: string): Partial<StatementDraft> {
	try {
		const value = JSON.parse(json) as Record<string, unknown>;
		return {
			...(isKind(value.kind) ? { kind: value.kind } : {}),
			...(isTheme(value.theme) ? { theme: value.theme } : {}),
			...(typeof value.text === 'string' ? { text: value.text } : {}),
			...(Array.isArray(value.childIds)
				? { childIds: value.childIds.filter((c): c is string => typeof c === 'string') }
				: {}),
			...(typeof value.pictogram === 'string' ? { pictogram: value.pictogram } : {}),
			...(isVisibility(value.visibility) ? { visibility: value.visibility } : {})
		};
	} catch {
		return {};
	}
}

/**
 * One statement being written. Every change is kept at once: valid text goes straight
 * into the statement; text that cannot be saved yet (empty, too long, or a new statement
 * without words) is kept as a draft, so a reload, crash or closed tab loses nothing.
 */
export class StatementEditorState {
	id = $state<string>();
	kind = $state<StatementKind>('vision');
	theme = $state<Theme>('care');
	text = $state('');
	childIds = $state<string[]>([]);
	pictogram = $state<string>();
	visibility = $state<Visibility>(DEFAULT_VISIBILITY);
	problem = $state<TextProblem>();
	saveState = $state<SaveState>('idle');
	restoredDraft = $state(false);
	loaded = $state(false);
	/** Another tab changed this text meanwhile: its version was kept in the history. */
	keptOther = $state(false);

	#course: CourseManager;
	#draft: Draft;
	#creating = false;
	#creation: Promise<void> | undefined;
	#unregister = registerPendingSave(() => this.#creation ?? Promise.resolve());

	constructor(
		course: CourseManager,
		statement?: Statement,
		defaults: Partial<StatementDraft> = {}
	) {
		this.#course = course;
		if (statement) {
			course.sawText(statement.id, statement.text);
			this.id = statement.id;
			this.kind = statement.kind;
			this.theme = statement.theme;
			this.text = statement.text;
			this.childIds = [...statement.childIds];
			this.pictogram = statement.pictogram;
			this.visibility = statement.visibility;
		} else {
			this.#apply(defaults);
		}
		this.#draft = new Draft(course.db, statement ? `statement:${statement.id}` : NEW_DRAFT);
		void this.#draft.ready.then(() => {
			if (this.#draft.restored) {
				if (statement) this.text = this.#draft.text;
				else this.#apply(parseNewDraft(this.#draft.text));
				this.problem = this.text ? checkText(this.text) : undefined;
				this.restoredDraft = true;
			}
			this.loaded = true;
		});
	}

	#apply(fields: Partial<StatementDraft>) {
		if (fields.kind) this.kind = fields.kind;
		if (fields.theme) this.theme = fields.theme;
		if (fields.text !== undefined) this.text = fields.text;
		if (fields.childIds) this.childIds = fields.childIds;
		if (fields.pictogram) this.pictogram = fields.pictogram;
		if (fields.visibility) this.visibility = fields.visibility;
	}

	get fields(): StatementDraft {
		return {
			kind: this.kind,
			theme: this.theme,
			text: this.text,
			childIds: [...this.childIds],
			...(this.pictogram ? { pictogram: this.pictogram } : {}),
			visibility: this.visibility
		};
	}

	setText(text: string): void {
		this.text = text;
		const problem = checkText(text);
		// An empty new statement is simply not written yet; only say so once words were there.
		this.problem = !this.id && problem === 'empty' ? undefined : problem;
		if (!this.id) {
			this.#draft.set(JSON.stringify(this.fields));
			if (!problem) void this.#create();
			return;
		}
		if (problem) {
			this.#draft.set(text);
			this.saveState = 'idle';
			return;
		}
		const id = this.id;
		void this.#track(
			this.#course.saveText(id, text).then(
				async (outcome) => {
					if (outcome === 'keptOther') this.keptOther = true;
					// Only when nothing newer was typed meanwhile is the draft no longer needed.
					if (this.text === text) await this.#draft.discard();
				},
				async (error: unknown) => {
					// Not written: the text stays a draft (kept outside IndexedDB if it is full).
					this.#draft.set(text);
					await this.#draft.flush();
					throw error;
				}
			)
		);
	}

	setDetails(details: StatementDetails): void {
		this.#apply(details as Partial<StatementDraft>);
		if ('pictogram' in details && !details.pictogram) this.pictogram = undefined;
		if (!this.id) {
			this.#draft.set(JSON.stringify(this.fields));
			return;
		}
		void this.#track(this.#course.updateDetails(this.id, details));
	}

	#create(): Promise<void> {
		// A lock or Snel weg waits for a creation under way, up to its new address.
		this.#creation ??= this.#createNow().finally(() => (this.#creation = undefined));
		return this.#creation;
	}

	async #createNow(): Promise<void> {
		if (this.#creating) return;
		this.#creating = true;
		this.saveState = 'saving';
		try {
			const created = await this.#course.add(this.fields);
			if (typeof created === 'string') return;
			this.#course.sawText(created.id, created.text);
			this.id = created.id;
			// Words typed while it was being created are saved too.
			if (this.text !== created.text && !checkText(this.text)) {
				await this.#course.saveText(created.id, this.text);
			}
			await this.#draft.moveTo(`statement:${created.id}`);
			this.saveState = 'saved';
			// From now on this address opens the statement itself, also after a reload.
			replaceState(resolve('/mijn-koers/[id]', { id: created.id }), {});
		} catch {
			this.saveState = 'failed';
		} finally {
			this.#creating = false;
		}
	}

	#track(change: Promise<unknown>): Promise<void> {
		return trackSave(change, (state) => (this.saveState = state));
	}

	dispose(): void {
		this.#unregister();
		this.#draft.dispose();
	}
}
