import { replaceState } from '$app/navigation';
import { resolve } from '$app/paths';
import { Draft, type SaveState } from '$lib/db/draft.svelte';
import { trackSave } from '$lib/db/track-save';
import { isCalendarDate } from '$lib/domain/calendar-date';
import {
	checkReflection,
	isFit,
	type Fit,
	type Reflection,
	type ReflectionContent,
	type ReflectionProblem
} from '$lib/domain/reflections';
import { DEFAULT_VISIBILITY, isVisibility, type Visibility } from '$lib/domain/statements';
import { today, type ReflectionManager } from './reflection-manager.svelte';

/** Reads back a reflection draft; anything unexpected is left at its default. */
export function parseReflectionDraft(json: string): Partial<ReflectionContent> {
	try {
		const v = JSON.parse(json) as Record<string, unknown>;
		const text = (key: string) => (typeof v[key] === 'string' ? { [key]: v[key] as string } : {});
		return {
			...(isCalendarDate(v.date) ? { date: v.date } : {}),
			...(Array.isArray(v.statementIds)
				? { statementIds: v.statementIds.filter((s): s is string => typeof s === 'string') }
				: {}),
			...(isFit(v.fit) ? { fit: v.fit } : {}),
			...text('note'),
			...text('happened'),
			...text('did'),
			...text('nextTime'),
			...(typeof v.pictogram === 'string' ? { pictogram: v.pictogram } : {}),
			...(isVisibility(v.visibility) ? { visibility: v.visibility } : {})
		};
	} catch {
		return {};
	}
}

/**
 * One reflection being written, kept as for statements: it is stored as soon as it says
 * something (a fit answer or words), every change after that is saved at once, and what
 * cannot be saved yet is kept as a draft.
 */
export class ReflectionEditorState {
	id = $state<string>();
	date = $state(today());
	statementIds = $state<string[]>([]);
	fit = $state<Fit>();
	note = $state('');
	happened = $state('');
	did = $state('');
	nextTime = $state('');
	pictogram = $state<string>();
	visibility = $state<Visibility>(DEFAULT_VISIBILITY);
	problem = $state<ReflectionProblem>();
	saveState = $state<SaveState>('idle');
	restoredDraft = $state(false);

	#manager: ReflectionManager;
	#draft: Draft;
	#creating = false;

	constructor(
		manager: ReflectionManager,
		reflection?: Reflection,
		defaults: Partial<ReflectionContent> = {},
		draftName = 'new'
	) {
		this.#manager = manager;
		if (reflection) {
			this.id = reflection.id;
			this.#apply(reflection);
		} else {
			this.#apply(defaults);
		}
		this.#draft = new Draft(
			manager.db,
			reflection ? `reflection:${reflection.id}` : `reflection:${draftName}`
		);
		void this.#draft.ready.then(() => {
			if (!this.#draft.restored) return;
			this.#apply(parseReflectionDraft(this.#draft.text));
			this.restoredDraft = true;
			this.problem = this.#shownProblem(checkReflection(this.content));
		});
	}

	#apply(fields: Partial<ReflectionContent>) {
		if (fields.date) this.date = fields.date;
		if (fields.statementIds) this.statementIds = [...fields.statementIds];
		if (fields.fit) this.fit = fields.fit;
		if (fields.note !== undefined) this.note = fields.note;
		if (fields.happened !== undefined) this.happened = fields.happened;
		if (fields.did !== undefined) this.did = fields.did;
		if (fields.nextTime !== undefined) this.nextTime = fields.nextTime;
		if (fields.pictogram) this.pictogram = fields.pictogram;
		if (fields.visibility) this.visibility = fields.visibility;
	}

	/** A new reflection that says nothing yet is simply not written yet: no need to say so. */
	#shownProblem(problem: ReflectionProblem | undefined): ReflectionProblem | undefined {
		return !this.id && problem === 'nothing' ? undefined : problem;
	}

	get content(): ReflectionContent {
		return {
			date: this.date,
			statementIds: [...this.statementIds],
			...(this.fit ? { fit: this.fit } : {}),
			note: this.note,
			happened: this.happened,
			did: this.did,
			nextTime: this.nextTime,
			...(this.pictogram ? { pictogram: this.pictogram } : {}),
			visibility: this.visibility
		};
	}

	set(fields: Partial<ReflectionContent>): void {
		this.#apply(fields);
		if ('pictogram' in fields && !fields.pictogram) this.pictogram = undefined;
		const content = this.content;
		const problem = checkReflection(content);
		this.problem = this.#shownProblem(problem);
		if (problem || !this.id) {
			this.#draft.set(JSON.stringify(content));
			if (!problem) void this.#create();
			else this.saveState = 'idle';
			return;
		}
		const id = this.id;
		void this.#track(
			this.#manager.save(id, content).then(async () => {
				if (JSON.stringify(this.content) === JSON.stringify(content)) await this.#draft.discard();
			})
		);
	}

	async #create(): Promise<void> {
		if (this.#creating) return;
		this.#creating = true;
		this.saveState = 'saving';
		try {
			const sent = JSON.stringify(this.content);
			const created = await this.#manager.add(this.content);
			if (typeof created === 'string') return;
			this.id = created.id;
			// Anything changed while it was being created is saved too.
			if (JSON.stringify(this.content) !== sent && !checkReflection(this.content)) {
				await this.#manager.save(created.id, this.content);
			}
			await this.#draft.moveTo(`reflection:${created.id}`);
			this.saveState = 'saved';
			replaceState(resolve('/terugkijken/[id]', { id: created.id }), {});
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
		this.#draft.dispose();
	}
}
