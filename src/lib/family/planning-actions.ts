import { readSpace } from './space-view';
import { currentProfile } from '$lib/db/current-profile';
import type { KoersDatabase } from '$lib/db/database';
import type { SpaceItemRecord } from '$lib/db/schema';
import type { AgendaSource } from '$lib/domain/agenda';
import { calendarDateOf, isCalendarDate } from '$lib/domain/calendar-date';
import { isTime } from '$lib/domain/conversation-date';
import { characterCount, normaliseText } from '$lib/domain/statements';
import { findItem, saveItem, withdrawItem } from '$lib/family/sync/items';

/**
 * Planning a viergesprek in a family space and building its agenda. Counsellors plan;
 * everyone adds to the agenda. Every item is its author's own record, so only the
 * counsellor who planned a conversation changes or cancels it, and only the author of an
 * agenda item takes it off again.
 */
export const PLANNING_PROBLEMS = [
	'not-counsellor',
	'date',
	'date-past',
	'time',
	'participants',
	'not-found',
	'not-yours',
	'cancelled',
	'topic-empty',
	'topic-too-long'
] as const;
export type PlanningProblem = (typeof PLANNING_PROBLEMS)[number];

export type PlanningResult = { ok: true; id: string } | { ok: false; problem: PlanningProblem };

export interface ConversationPlan {
	date: string;
	/** "HH:MM"; empty or left out when no time is known yet. */
	time?: string;
	/** Member ids of who takes part. */
	participants: readonly string[];
}

export const TOPIC_MAX_LENGTH = 1000;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const fail = (problem: PlanningProblem): PlanningResult => ({ ok: false, problem });

/** Whether a plan can be saved: a real day (not in the past), a real time if any, known people. */
export function checkPlan(
	plan: ConversationPlan,
	members: ReadonlySet<string>,
	today: string
): PlanningProblem | undefined {
	if (!isCalendarDate(plan.date)) return 'date';
	if (plan.date < today) return 'date-past';
	if (plan.time && !isTime(plan.time)) return 'time';
	if (plan.participants.length === 0) return 'participants';
	if (new Set(plan.participants).size !== plan.participants.length) return 'participants';
	if (!plan.participants.every((id) => members.has(id))) return 'participants';
	return undefined;
}

/** A topic is the writer's own words: kept as written, only surrounding blank space goes. */
export function checkTopic(text: string): PlanningProblem | undefined {
	const clean = normaliseText(text).trim();
	if (clean.length === 0) return 'topic-empty';
	if (characterCount(clean) > TOPIC_MAX_LENGTH) return 'topic-too-long';
	return undefined;
}

/** Everyone who can take part: the members with a device, and parents added for the room. */
async function membersOf(db: KoersDatabase, spaceId: string): Promise<Set<string>> {
	return new Set((await readSpace(db, spaceId)).members.map((m) => m.memberId));
}

async function conversationRow(
	db: KoersDatabase,
	spaceId: string,
	conversationId: string
): Promise<SpaceItemRecord | undefined> {
	if (!ID.test(conversationId)) return undefined;
	const row = await findItem(db, spaceId, 'conversations', conversationId);
	return row && !row.removed ? row : undefined;
}

/** The stored shape: optional fields are left out, never set to undefined. */
function planPayload(plan: ConversationPlan, createdAt: string, cancelled?: boolean) {
	return {
		date: plan.date,
		...(plan.time ? { time: plan.time } : {}),
		participants: [...plan.participants],
		createdAt,
		...(cancelled ? { cancelled: true } : {})
	};
}

/** Plans a conversation (counsellors only); returns its id. */
export async function planConversation(
	db: KoersDatabase,
	spaceId: string,
	plan: ConversationPlan,
	today = calendarDateOf(new Date())
): Promise<PlanningResult> {
	const profile = await currentProfile(db);
	if (profile.role !== 'counsellor') return fail('not-counsellor');
	const problem = checkPlan(plan, await membersOf(db, spaceId), today);
	if (problem) return fail(problem);
	const id = crypto.randomUUID();
	await saveItem(db, spaceId, 'conversations', id, planPayload(plan, new Date().toISOString()));
	return { ok: true, id };
}

/** Changes the day, time or people of a conversation this counsellor planned. */
export async function changeConversation(
	db: KoersDatabase,
	spaceId: string,
	conversationId: string,
	plan: ConversationPlan,
	today = calendarDateOf(new Date())
): Promise<PlanningResult> {
	const profile = await currentProfile(db);
	if (profile.role !== 'counsellor') return fail('not-counsellor');
	const row = await conversationRow(db, spaceId, conversationId);
	if (!row) return fail('not-found');
	if (row.ownerId !== profile.memberId) return fail('not-yours');
	const current = row.payload as { date: string; createdAt: string; cancelled?: boolean };
	if (current.cancelled) return fail('cancelled');
	// A conversation that already took place may still get its people corrected.
	const problem = checkPlan(
		plan,
		await membersOf(db, spaceId),
		plan.date === current.date ? '' : today
	);
	if (problem) return fail(problem);
	await saveItem(
		db,
		spaceId,
		'conversations',
		conversationId,
		planPayload(plan, current.createdAt)
	);
	return { ok: true, id: conversationId };
}

/** Cancels a conversation: it stays in the history, marked as cancelled. */
export async function cancelConversation(
	db: KoersDatabase,
	spaceId: string,
	conversationId: string
): Promise<PlanningResult> {
	const profile = await currentProfile(db);
	if (profile.role !== 'counsellor') return fail('not-counsellor');
	const row = await conversationRow(db, spaceId, conversationId);
	if (!row) return fail('not-found');
	if (row.ownerId !== profile.memberId) return fail('not-yours');
	await saveItem(db, spaceId, 'conversations', conversationId, {
		...row.payload,
		cancelled: true
	});
	return { ok: true, id: conversationId };
}

/**
 * Puts something on the agenda: a reflection or statement a parent brought, or a topic in
 * someone's own words. Something already on the agenda is not added a second time.
 */
export async function addAgendaItem(
	db: KoersDatabase,
	spaceId: string,
	conversationId: string,
	source: AgendaSource
): Promise<PlanningResult> {
	const conversation = await conversationRow(db, spaceId, conversationId);
	if (!conversation) return fail('not-found');
	if (conversation.payload.cancelled) return fail('cancelled');
	let stored: AgendaSource;
	if (source.kind === 'topic') {
		const problem = checkTopic(source.text);
		if (problem) return fail(problem);
		stored = { kind: 'topic', text: normaliseText(source.text).trim() };
	} else {
		if (!ID.test(source.refId) || !ID.test(source.ownerId)) return fail('not-found');
		stored = { kind: source.kind, refId: source.refId, ownerId: source.ownerId };
		const already = (await db.spaceItems.where('spaceId').equals(spaceId).toArray()).find(
			(i) =>
				i.table === 'agenda' &&
				!i.removed &&
				i.payload.conversationId === conversationId &&
				(i.payload.source as AgendaSource).kind === source.kind &&
				(i.payload.source as { refId?: string }).refId === source.refId
		);
		if (already) return { ok: true, id: already.id };
	}
	const id = crypto.randomUUID();
	await saveItem(db, spaceId, 'agenda', id, {
		conversationId,
		addedAt: new Date().toISOString(),
		source: stored
	});
	return { ok: true, id };
}

/** Takes one of this person's own items off the agenda. */
export async function removeAgendaItem(
	db: KoersDatabase,
	spaceId: string,
	itemId: string
): Promise<PlanningResult> {
	const profile = await currentProfile(db);
	if (!ID.test(itemId)) return fail('not-found');
	const row = await findItem(db, spaceId, 'agenda', itemId);
	if (!row || row.removed) return fail('not-found');
	if (row.ownerId !== profile.memberId) return fail('not-yours');
	await withdrawItem(db, spaceId, 'agenda', itemId);
	return { ok: true, id: itemId };
}

/** What a conversation's summary holds: what was on the agenda, discussed and agreed. */
export interface SummaryContent {
	conversationId: string;
	agendaItemIds: string[];
	themes: string[];
	versionIds: string[];
	next?: { date: string; time?: string };
}

/** Closes a conversation with its summary, which every member then finds on their device. */
export async function closeConversation(
	db: KoersDatabase,
	spaceId: string,
	summary: SummaryContent
): Promise<string> {
	const id = crypto.randomUUID();
	await saveItem(db, spaceId, 'summaries', id, {
		conversationId: summary.conversationId,
		endedAt: new Date().toISOString(),
		agendaItemIds: summary.agendaItemIds,
		themes: summary.themes,
		versionIds: summary.versionIds,
		...(summary.next ? { next: summary.next } : {})
	});
	return id;
}
