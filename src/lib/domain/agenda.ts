import { compareIso } from './order';
import type { NextConversation } from './conversation-date';

/**
 * A planned viergesprek and its agenda. Parents bring what they marked while preparing;
 * counsellors add topics. Every agenda item is its author's own record.
 */
export interface PlannedConversation {
	id: string;
	date: string;
	time?: string;
	/** Member ids of who takes part. */
	participants: string[];
	createdBy: string;
	createdAt: string;
	/** A cancelled plan stays in the history but no longer counts. */
	cancelled?: boolean;
	/** When a summary closed it: it was held, and is no longer the next one (see `withEnded`). */
	endedAt?: string;
}

export type AgendaSource =
	/** What a parent brought; `ownerId` names its writer for devices that may not read it. */
	| { kind: 'reflection' | 'statement'; refId: string; ownerId: string }
	| { kind: 'topic'; text: string };

export interface AgendaItem {
	id: string;
	conversationId: string;
	author: string;
	addedAt: string;
	source: AgendaSource;
	removed?: boolean;
}

/** The conversations with when each was closed, by the first summary written for it. */
export function withEnded(
	planned: readonly PlannedConversation[],
	summaries: readonly { conversationId: string; endedAt: string }[]
): PlannedConversation[] {
	const ended = new Map<string, string>();
	for (const { conversationId, endedAt } of summaries) {
		const known = ended.get(conversationId);
		if (!known || compareIso(endedAt, known) < 0) ended.set(conversationId, endedAt);
	}
	return planned.map((c) => {
		const endedAt = ended.get(c.id);
		return endedAt ? { ...c, endedAt } : c;
	});
}

/** A conversation that no longer lies ahead: cancelled, closed, or its day has gone. */
export function isBehind(conversation: PlannedConversation, today: string): boolean {
	return Boolean(conversation.cancelled || conversation.endedAt) || conversation.date < today;
}

/** Planned conversations from today on, the earliest first; cancelled and closed ones left out. */
export function upcomingConversations(
	planned: readonly PlannedConversation[],
	today: string
): PlannedConversation[] {
	return planned
		.filter((c) => !isBehind(c, today))
		.sort((a, b) => compareIso(a.date, b.date) || compareIso(a.time ?? '', b.time ?? ''));
}

/**
 * The next conversation a person sees: a planned one in the family space (the earliest from
 * today on) replaces a date they set by hand.
 */
export function nextConversation(
	planned: readonly PlannedConversation[],
	byHand: NextConversation | undefined,
	today: string
): NextConversation | undefined {
	const upcoming = upcomingConversations(planned, today)[0];
	if (upcoming)
		return upcoming.time ? { date: upcoming.date, time: upcoming.time } : { date: upcoming.date };
	return byHand;
}

/**
 * The agenda in a stable order: what parents brought first (in the order it was added),
 * then the counsellors' topics; removed items and second copies of the same item left out.
 */
export function agendaOf(
	items: readonly AgendaItem[],
	conversationId: string,
	counsellors: ReadonlySet<string>
): AgendaItem[] {
	const seen = new Set<string>();
	return items
		.filter((i) => i.conversationId === conversationId && !i.removed)
		.sort(
			(a, b) =>
				Number(counsellors.has(a.author)) - Number(counsellors.has(b.author)) ||
				compareIso(a.addedAt, b.addedAt) ||
				(a.id < b.id ? -1 : 1)
		)
		.filter((item) => {
			const key =
				item.source.kind === 'topic'
					? `topic:${item.author}:${item.source.text.trim().toLowerCase()}`
					: `${item.source.kind}:${item.source.refId}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
}
