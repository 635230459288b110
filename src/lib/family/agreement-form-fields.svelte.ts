import type { KoersDatabase } from '$lib/db/database';
import { Draft } from '$lib/db/draft.svelte';
import { isCalendarDate } from '$lib/domain/calendar-date';
import type { AgreementDraft, AgreementProblem } from '$lib/domain/agreements';
import { checkText } from '$lib/domain/statements';

export const AGREEMENT_FIELDS = ['theme', 'text', 'who', 'byWhen', 'reviewOn'] as const;
export type AgreementField = (typeof AGREEMENT_FIELDS)[number];
export type AgreementFieldValues = Record<AgreementField, string>;

/**
 * The fields of one agreement form, each kept as a draft under `<base>:<field>`, so a
 * reload, a crash or a closed tab loses nothing of what was typed or chosen.
 */
export class AgreementFormFields {
	readonly drafts: Record<AgreementField, Draft>;

	constructor(db: KoersDatabase, base: string, initial: AgreementFieldValues) {
		const keep = (field: AgreementField): Draft => {
			const id = `${base}:${field}`;
			const start = initial[field];
			const draft = new Draft(db, id, start);
			// A field emptied on purpose comes back empty, not as it was before.
			if (start)
				void draft.ready.then(async () => {
					const stored = await db.drafts.get(id);
					if (!draft.restored && draft.text === start && stored?.payload.text === '')
						draft.text = '';
				});
			return draft;
		};
		this.drafts = Object.fromEntries(AGREEMENT_FIELDS.map((f) => [f, keep(f)])) as Record<
			AgreementField,
			Draft
		>;
	}

	get values(): AgreementDraft {
		const d = this.drafts;
		return {
			theme: d.theme.text,
			text: d.text.text,
			who: d.who.text,
			...(d.byWhen.text ? { byWhen: d.byWhen.text } : {}),
			...(d.reviewOn.text ? { reviewOn: d.reviewOn.text } : {})
		};
	}

	/** Once saved for real; `next` fills the fields again when the form stays open. */
	async discard(next?: AgreementFieldValues): Promise<void> {
		await Promise.all(Object.values(this.drafts).map((d) => d.discard()));
		if (next) for (const field of AGREEMENT_FIELDS) this.drafts[field].text = next[field];
	}

	dispose(): void {
		for (const draft of Object.values(this.drafts)) draft.dispose();
	}
}

/** The field a problem belongs to, so it is shown and focused there. */
export function problemField(problem: AgreementProblem, draft: AgreementDraft): AgreementField {
	if (problem === 'theme') return 'theme';
	if (problem === 'date')
		return draft.byWhen && !isCalendarDate(draft.byWhen) ? 'byWhen' : 'reviewOn';
	if (problem === 'text-too-long' && !checkText(draft.text)) return 'who';
	return 'text';
}
