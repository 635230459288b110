import { isCalendarDate } from './calendar-date';
import { isIds, isInstant, isObject, isTextOf, onlyKeys } from './field-checks';
import { isPictogram } from './pictograms';
import { FIELD_MAX_LENGTH, NOTE_MAX_LENGTH, isFit } from './reflections';
import { STATEMENT_MAX_LENGTH, isKind, isTheme, isVisibility, type Visibility } from './statements';

/**
 * Decoders for the records a parent shares (statements and reflections), as they arrive
 * from another device. Every field is checked for type and size, nothing unknown is kept:
 * what comes out is a new object built from the checked fields only. Who wrote it, its id
 * and its readers come from the signed envelope and must match what the content says.
 */
export const SHARED_TABLES = ['statements', 'reflections'] as const;
export type SharedTable = (typeof SHARED_TABLES)[number];

export interface SignedFacts {
	id: string;
	owner: string;
	visibility: Visibility;
}

const isText = isTextOf;

const STATEMENT_KEYS = [
	'id',
	'ownerId',
	'kind',
	'theme',
	'visibility',
	'order',
	'createdAt',
	'updatedAt',
	'payload'
] as const;
const REFLECTION_KEYS = [
	'id',
	'ownerId',
	'date',
	'visibility',
	'createdAt',
	'updatedAt',
	'payload'
] as const;

function common(v: Record<string, unknown>, facts: SignedFacts): boolean {
	return (
		v.id === facts.id &&
		v.ownerId === facts.owner &&
		v.visibility === facts.visibility &&
		isVisibility(v.visibility) &&
		v.visibility !== 'private' &&
		isInstant(v.createdAt) &&
		isInstant(v.updatedAt) &&
		isObject(v.payload)
	);
}

function decodeStatement(v: Record<string, unknown>, facts: SignedFacts) {
	if (!onlyKeys(v, STATEMENT_KEYS) || !common(v, facts)) return undefined;
	const p = v.payload as Record<string, unknown>;
	if (
		!isKind(v.kind) ||
		!isTheme(v.theme) ||
		typeof v.order !== 'number' ||
		!Number.isFinite(v.order) ||
		!onlyKeys(p, ['text', 'childIds', 'pictogram']) ||
		!isText(p.text, STATEMENT_MAX_LENGTH) ||
		!isIds(p.childIds) ||
		(p.pictogram !== undefined && !isPictogram(p.pictogram))
	)
		return undefined;
	return {
		id: facts.id,
		ownerId: facts.owner,
		kind: v.kind,
		theme: v.theme,
		visibility: facts.visibility,
		order: v.order,
		createdAt: v.createdAt as string,
		updatedAt: v.updatedAt as string,
		payload: {
			text: p.text,
			childIds: [...p.childIds],
			...(p.pictogram !== undefined ? { pictogram: p.pictogram as string } : {})
		}
	};
}

const REFLECTION_TEXTS = ['happened', 'did', 'nextTime'] as const;

function decodeReflection(v: Record<string, unknown>, facts: SignedFacts) {
	if (!onlyKeys(v, REFLECTION_KEYS) || !common(v, facts) || !isCalendarDate(v.date))
		return undefined;
	const p = v.payload as Record<string, unknown>;
	if (
		!onlyKeys(p, ['statementIds', 'fit', 'note', ...REFLECTION_TEXTS, 'pictogram']) ||
		!isIds(p.statementIds) ||
		(p.fit !== undefined && !isFit(p.fit)) ||
		!isText(p.note, NOTE_MAX_LENGTH) ||
		!REFLECTION_TEXTS.every((key) => isText(p[key], FIELD_MAX_LENGTH)) ||
		(p.pictogram !== undefined && !isPictogram(p.pictogram))
	)
		return undefined;
	return {
		id: facts.id,
		ownerId: facts.owner,
		date: v.date as string,
		visibility: facts.visibility,
		createdAt: v.createdAt as string,
		updatedAt: v.updatedAt as string,
		payload: {
			statementIds: [...p.statementIds],
			...(p.fit !== undefined ? { fit: p.fit } : {}),
			note: p.note,
			happened: p.happened as string,
			did: p.did as string,
			nextTime: p.nextTime as string,
			...(p.pictogram !== undefined ? { pictogram: p.pictogram as string } : {})
		}
	};
}

export type DecodedRecord =
	| NonNullable<ReturnType<typeof decodeStatement>>
	| NonNullable<ReturnType<typeof decodeReflection>>;

/** The shared record, rebuilt from checked fields, or undefined when anything is off. */
export function decodeSharedRecord(
	table: SharedTable,
	value: unknown,
	facts: SignedFacts
): DecodedRecord | undefined {
	if (!isObject(value)) return undefined;
	return table === 'statements' ? decodeStatement(value, facts) : decodeReflection(value, facts);
}
