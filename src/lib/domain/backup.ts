import { CHILD_NAME_MAX_LENGTH } from './children';
import { isCalendarDate } from './calendar-date';
import { isInstant, isObject, isTextOf } from './field-checks';
import { isRole, NAME_MAX_LENGTH } from './profile';
import { FIELD_MAX_LENGTH, NOTE_MAX_LENGTH } from './reflections';
import { isKind, isTheme, isVisibility, STATEMENT_MAX_LENGTH } from './statements';

/**
 * The rules of a backup file that need no browser: its shape, what may be in it, and how a
 * restore merges it with what the device holds. A file may lie in every field: it is checked
 * completely before anything is written.
 */
export const BACKUP_FORMAT = 'koers-backup';
export const BACKUP_VERSION = 1;
/** Far above a heavy year of one person (a few MB); a bigger file is not read at all. */
export const MAX_BACKUP_BYTES = 100 * 1024 * 1024;
/** A clock a little ahead is no lie; a date further ahead would win every merge forever. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;
const MAX_DEPTH = 8;

export const BACKUP_PROBLEMS = [
	'tooLarge',
	'truncated',
	'notBackup',
	'newer',
	'wrongPassphrase',
	'duplicates',
	'future',
	'damaged'
] as const;
export type BackupProblem = (typeof BACKUP_PROBLEMS)[number];

export type Records = Record<string, unknown>[];
export type BackupTables = Record<string, Records>;

/** The file: what it says about itself in the open, and its content (sealed, or not). */
export interface BackupEnvelope {
	format: typeof BACKUP_FORMAT;
	version: number;
	schema: number;
	createdAt: string;
	sealed?: { kdf: Record<string, unknown>; iv: string; data: string };
	tables?: BackupTables;
}

/** What the schema says of one table: its primary key's fields, and whether it is numbered. */
export interface TableShape {
	key: string | string[];
	auto: boolean;
}

export function backupFileName(now: Date): string {
	return `koers-reservekopie-${now.toISOString().slice(0, 10)}.json`;
}

/** The envelope of a file's text, or what is wrong with it. */
export function readEnvelope(text: string, schemaVersion: number): BackupEnvelope | BackupProblem {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		// A file that starts as a backup and does not end as one was cut off.
		return /^\s*\{\s*"format"\s*:\s*"koers-backup"/.test(text) ? 'truncated' : 'notBackup';
	}
	if (!isObject(value) || value.format !== BACKUP_FORMAT) return 'notBackup';
	const { version, schema, createdAt, sealed, tables } = value;
	if (typeof version !== 'number' || typeof schema !== 'number') return 'notBackup';
	if (version > BACKUP_VERSION || schema > schemaVersion) return 'newer';
	if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return 'notBackup';
	if (sealed !== undefined) {
		if (!isObject(sealed) || !isObject(sealed.kdf)) return 'notBackup';
		if (typeof sealed.iv !== 'string' || typeof sealed.data !== 'string') return 'notBackup';
	} else if (!isObject(tables)) {
		return 'notBackup';
	}
	return value as unknown as BackupEnvelope;
}

const keyOf = (record: Record<string, unknown>, key: string | string[]) =>
	Array.isArray(key) ? key.map((field) => record[field]) : record[key];
const isKeyPart = (v: unknown) =>
	(typeof v === 'string' && v.length > 0 && v.length <= 300) ||
	(typeof v === 'number' && Number.isSafeInteger(v));

/** Only plain data, not too deep: what JSON gives, and nothing that IndexedDB would refuse. */
function isPlain(value: unknown, depth = 0): boolean {
	if (depth > MAX_DEPTH) return false;
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
	if (Array.isArray(value)) return value.every((item) => isPlain(item, depth + 1));
	return isObject(value) && Object.values(value).every((item) => isPlain(item, depth + 1));
}

/** Every string that reads as a date, anywhere in the record. */
function* datesIn(value: unknown, depth = 0): Generator<number> {
	if (depth > MAX_DEPTH) return;
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
		const time = Date.parse(value);
		if (!Number.isNaN(time)) yield time;
	} else if (Array.isArray(value) || isObject(value)) {
		for (const item of Object.values(value)) yield* datesIn(item, depth + 1);
	}
}

/**
 * The tables of a backup, checked against this schema's tables: each a list of plain
 * records, each with its own key, no key twice, no date in the future. What the person's
 * own screens read is also checked field by field (`checkRecord`).
 */
export function checkTables(
	tables: unknown,
	shapes: Record<string, TableShape>,
	now: Date,
	checkRecord: (table: string, record: Record<string, unknown>) => boolean = () => true
): BackupTables | BackupProblem {
	if (!isObject(tables)) return 'notBackup';
	const latest = now.getTime() + FUTURE_SLACK_MS;
	for (const [name, records] of Object.entries(tables)) {
		const shape = shapes[name];
		if (!shape || !Array.isArray(records)) return 'notBackup';
		const seen = new Set<string>();
		for (const record of records) {
			if (!isObject(record) || !isPlain(record)) return 'damaged';
			const key = keyOf(record, shape.key);
			const parts = Array.isArray(key) ? key : [key];
			if (!(shape.auto && key === undefined) && !parts.every(isKeyPart)) return 'damaged';
			if (key !== undefined) {
				const text = JSON.stringify(key);
				if (seen.has(text)) return 'duplicates';
				seen.add(text);
			}
			for (const time of datesIn(record)) if (time > latest) return 'future';
			if (!checkRecord(name, record)) return 'damaged';
		}
	}
	return tables as BackupTables;
}

/** The moment a record was last changed, by the field its table keeps it in. */
const CHANGED_AT = ['updatedAt', 'stamp', 'savedAt', 'receivedAt'] as const;

function changedAt(record: Record<string, unknown>): string | undefined {
	for (const field of CHANGED_AT) {
		const value = record[field];
		if (typeof value === 'string') return value;
	}
	return undefined;
}

/**
 * Whether a record from the backup replaces the one on the device: only when it is newer.
 * Equal, older, or without a time to compare: what the device has stays. And what the
 * person made private on this device is never shared again by a backup, however new.
 */
export function backupWins(
	local: Record<string, unknown>,
	incoming: Record<string, unknown>
): boolean {
	if (local.visibility === 'private' && incoming.visibility !== 'private') return false;
	const mine = changedAt(local);
	const theirs = changedAt(incoming);
	return mine !== undefined && theirs !== undefined && theirs > mine;
}

export interface TableReport {
	added: number;
	updated: number;
	kept: number;
}

export type RestoreReport = Record<string, TableReport>;

const isIdText = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 100;
const isTextUpTo = (v: unknown, max: number) => isTextOf(v, max);
const isOptionalInstant = (v: unknown) => v === undefined || isInstant(v);
const payloadOf = (record: Record<string, unknown>) =>
	isObject(record.payload) ? record.payload : undefined;

/**
 * The person's own tables, which their screens read: each field of the type those screens
 * expect, so a restored file can never break a screen. Tables of a family are checked by
 * shape only; they are restored only for families this device does not have.
 */
const OWN_RECORD_CHECKS: Record<string, (r: Record<string, unknown>) => boolean> = {
	profile: (r) =>
		r.id === 'me' &&
		isIdText(r.memberId) &&
		isRole(r.role) &&
		isInstant(r.createdAt) &&
		isInstant(r.updatedAt) &&
		isTextUpTo(payloadOf(r)?.name, NAME_MAX_LENGTH),
	children: (r) =>
		isIdText(r.ownerId) &&
		isInstant(r.updatedAt) &&
		isOptionalInstant(r.deletedAt) &&
		isTextUpTo(payloadOf(r)?.name, CHILD_NAME_MAX_LENGTH),
	statements: (r) => {
		const p = payloadOf(r);
		return (
			isIdText(r.ownerId) &&
			isKind(r.kind) &&
			isTheme(r.theme) &&
			isVisibility(r.visibility) &&
			typeof r.order === 'number' &&
			Number.isFinite(r.order) &&
			isInstant(r.createdAt) &&
			isInstant(r.updatedAt) &&
			isOptionalInstant(r.deletedAt) &&
			isTextUpTo(p?.text, STATEMENT_MAX_LENGTH) &&
			Array.isArray(p?.childIds) &&
			p.childIds.every(isIdText) &&
			(p.pictogram === undefined || typeof p.pictogram === 'string')
		);
	},
	statementVersions: (r) =>
		isIdText(r.statementId) &&
		isInstant(r.savedAt) &&
		isTextUpTo(payloadOf(r)?.text, STATEMENT_MAX_LENGTH),
	reflections: (r) => {
		const p = payloadOf(r);
		return (
			isIdText(r.ownerId) &&
			isCalendarDate(r.date) &&
			isVisibility(r.visibility) &&
			isInstant(r.updatedAt) &&
			isOptionalInstant(r.deletedAt) &&
			Array.isArray(p?.statementIds) &&
			p.statementIds.every(isIdText) &&
			isTextUpTo(p.note, NOTE_MAX_LENGTH) &&
			['happened', 'did', 'nextTime'].every((field) => isTextUpTo(p[field], FIELD_MAX_LENGTH))
		);
	},
	drafts: (r) => isInstant(r.updatedAt) && typeof payloadOf(r)?.text === 'string',
	// A family that was not on this device comes back to be read: what its screens read.
	spaces: (r) =>
		isIdText(r.id) &&
		isRole(r.myRole) &&
		isInstant(r.joinedAt) &&
		isTextUpTo(payloadOf(r)?.name, NAME_MAX_LENGTH * 2),
	spaceDevices: (r) =>
		isIdText(r.memberId) &&
		isRole(r.role) &&
		isIdText(r.encryptionKey) &&
		isIdText(r.signingKey) &&
		typeof payloadOf(r)?.name === 'string',
	spaceItems: (r) =>
		isIdText(r.spaceId) &&
		isIdText(r.table) &&
		isIdText(r.id) &&
		isIdText(r.ownerId) &&
		isIdText(r.stamp) &&
		typeof r.audience === 'string' &&
		(r.pending === 0 || r.pending === 1) &&
		payloadOf(r) !== undefined,
	shared: (r) =>
		isIdText(r.spaceId) &&
		isIdText(r.table) &&
		isIdText(r.id) &&
		isIdText(r.ownerId) &&
		isIdText(r.stamp) &&
		isVisibility(r.visibility) &&
		isInstant(r.receivedAt) &&
		payloadOf(r) !== undefined
};

export function checkOwnRecord(table: string, record: Record<string, unknown>): boolean {
	return OWN_RECORD_CHECKS[table]?.(record) ?? true;
}
