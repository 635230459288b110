import { isCalendarDate } from './calendar-date';
import { isId, isIds, isInstant, isObject, onlyKeys } from './field-checks';
import { MAX_CONTENT_BYTES, contentBytes } from './content-size';
import { isTime } from './conversation-date';
import { oneOf } from './one-of';
import type { Role } from './profile';
import { STATEMENT_MAX_LENGTH, characterCount, isTheme } from './statements';

/**
 * What the people in a family space write together for the viergesprek. Every item is a
 * record of its own, owned by the member who wrote it: nobody ever edits someone else's,
 * so devices never conflict (the newest stamp of an owner's record wins).
 */
export const SPACE_TABLES = [
	'conversations',
	'agenda',
	'links',
	'agreements',
	'confirmations',
	'notes',
	'people',
	'summaries',
	'consents',
	'objections'
] as const;
export type SpaceTable = (typeof SPACE_TABLES)[number];
export const isSpaceTable = oneOf(SPACE_TABLES);

/**
 * Who may read an item: everyone in the space its author agreed to, or only the
 * counsellors among them; an author's yes to a person (`consents`) is open to everyone.
 */
export type Audience = 'everyone' | 'counsellors' | 'open';

/** Counsellors' notes are for counsellors only; everything else is for everyone in the space. */
export function audienceOf(table: SpaceTable): Audience {
	if (table === 'consents') return 'open';
	return table === 'notes' ? 'counsellors' : 'everyone';
}

/**
 * How an author came to agree that a person reads what they write: they were there when
 * the author joined, the author let them in, the author said yes when asked, or they were
 * both in the space before these rules (a space made with an earlier Koers).
 */
export const CONSENT_WAYS = ['joined', 'added', 'asked', 'before'] as const;
export type ConsentWay = (typeof CONSENT_WAYS)[number];
const isConsentWay = oneOf(CONSENT_WAYS);

/**
 * Counsellors plan conversations, close them with a summary, keep notes and add a parent
 * who has no device. Everyone adds to the agenda, links shared ground, proposes and
 * confirms agreements.
 */
const COUNSELLORS_ONLY: ReadonlySet<SpaceTable> = new Set([
	'conversations',
	'notes',
	'people',
	'summaries'
]);

/** Only a parent says that a yes written down for them was not so. */
export function mayWrite(table: SpaceTable, role: Role): boolean {
	if (table === 'objections') return role === 'parent';
	return role === 'counsellor' || !COUNSELLORS_ONLY.has(table);
}

const MAX_SHORT = 200;
const isText = (v: unknown, max = STATEMENT_MAX_LENGTH): v is string =>
	typeof v === 'string' && characterCount(v) <= max;
const isFilled = (v: unknown, max?: number): v is string => isText(v, max) && v.trim().length > 0;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isFlag = (v: unknown) => v === undefined || v === true || v === false;

function isDateAndTime(v: unknown): boolean {
	return (
		isObject(v) &&
		onlyKeys(v, ['date', 'time']) &&
		isCalendarDate(v.date) &&
		optional(v.time, isTime)
	);
}

function isAgendaSource(v: unknown): boolean {
	if (!isObject(v) || !onlyKeys(v, ['kind', 'text', 'refId', 'ownerId'])) return false;
	if (v.kind === 'topic') return isFilled(v.text, MAX_SHORT * 5);
	return (v.kind === 'reflection' || v.kind === 'statement') && isId(v.refId) && isId(v.ownerId);
}

const SHAPES: Record<SpaceTable, (p: Record<string, unknown>) => boolean> = {
	conversations: (p) =>
		isCalendarDate(p.date) &&
		optional(p.time, isTime) &&
		isIds(p.participants) &&
		isInstant(p.createdAt) &&
		isFlag(p.cancelled),
	agenda: (p) => isId(p.conversationId) && isInstant(p.addedAt) && isAgendaSource(p.source),
	links: (p) =>
		isIds(p.statementIds) &&
		p.statementIds.length === 2 &&
		p.statementIds[0]! < p.statementIds[1]! &&
		isInstant(p.changedAt) &&
		isFlag(p.removed),
	agreements: (p) =>
		isId(p.agreementId) &&
		isInstant(p.createdAt) &&
		isTheme(p.theme) &&
		isFilled(p.text) &&
		isText(p.who) &&
		optional(p.byWhen, isCalendarDate) &&
		optional(p.reviewOn, isCalendarDate) &&
		optional(p.conversationId, isId),
	confirmations: (p) =>
		isId(p.versionId) && isId(p.parentId) && isInstant(p.confirmedAt) && isFlag(p.witnessed),
	notes: (p) => isFilled(p.text) && isInstant(p.createdAt) && optional(p.conversationId, isId),
	people: (p) => isFilled(p.name, 120) && isInstant(p.addedAt),
	summaries: (p) =>
		isId(p.conversationId) &&
		isInstant(p.endedAt) &&
		isIds(p.agendaItemIds) &&
		Array.isArray(p.themes) &&
		p.themes.every(isTheme) &&
		isIds(p.versionIds) &&
		optional(p.next, isDateAndTime),
	consents: (p) => isInstant(p.agreedAt) && isConsentWay(p.how),
	objections: (p) => isId(p.versionId) && isInstant(p.objectedAt)
};

/** The fields each table's content may have: anything more is refused, never carried. */
const FIELDS: Record<SpaceTable, readonly string[]> = {
	conversations: ['date', 'time', 'participants', 'createdAt', 'cancelled'],
	agenda: ['conversationId', 'addedAt', 'source'],
	links: ['statementIds', 'changedAt', 'removed'],
	agreements: [
		'agreementId',
		'createdAt',
		'theme',
		'text',
		'who',
		'byWhen',
		'reviewOn',
		'conversationId'
	],
	confirmations: ['versionId', 'parentId', 'confirmedAt', 'witnessed'],
	notes: ['text', 'createdAt', 'conversationId'],
	people: ['name', 'addedAt'],
	summaries: ['conversationId', 'endedAt', 'agendaItemIds', 'themes', 'versionIds', 'next'],
	consents: ['agreedAt', 'how'],
	objections: ['versionId', 'objectedAt']
};

/**
 * Whether an incoming item's content has the shape its table needs (anything else is set
 * aside), and is small enough to be shared at all.
 */
export function isItemShape(
	table: SpaceTable,
	payload: unknown
): payload is Record<string, unknown> {
	return (
		isObject(payload) &&
		Object.keys(payload).every((key) => FIELDS[table].includes(key)) &&
		SHAPES[table](payload) &&
		contentBytes(payload) <= MAX_CONTENT_BYTES
	);
}

/**
 * An agreement version and a confirmation never change once written: a confirmation names
 * the exact words agreed to, so an edit is always a new version.
 */
export function isFixedOnceWritten(table: SpaceTable): boolean {
	return table === 'agreements' || table === 'confirmations' || table === 'objections';
}
