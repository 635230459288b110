import type { SpaceDevice } from '$lib/domain/membership';
import { isRole } from '$lib/domain/profile';
import { isItemShape, isSpaceTable, type SpaceTable } from '$lib/domain/space-items';
import { SHARED_TABLES, decodeSharedRecord, type SharedTable } from '$lib/domain/shared-records';
import { isVisibility, type Visibility } from '$lib/domain/statements';
import { parseStamp } from './hlc';

/**
 * The format of what an op may hold. Any change to what an op may carry (a new op, table
 * or field) raises it, so a device that has not updated yet keeps the op for later instead
 * of refusing it as invalid.
 */
export const OP_FORMAT = 2;

/**
 * Each op is written in the oldest format that holds it, so a device that has not updated
 * yet still reads every op it can and keeps only the new kinds for later.
 */
const WRITTEN_AS: Partial<Record<Op['t'], number>> = { rekey: 2 };

/**
 * What an op says once opened. The relay never sees any of this: it travels inside the
 * sealed envelope, signed by the device that wrote it.
 */
export type DeviceCard = Omit<SpaceDevice, 'admittedBy' | 'removedAtSeq' | 'replaces'>;

/** One shared record (or its removal: `record` null), owned by `owner`. */
export interface RecordOp {
	t: 'record';
	table: SharedTable;
	id: string;
	owner: string;
	stamp: string;
	visibility: Visibility;
	record: Record<string, unknown> | null;
}

/**
 * One item written together in the space (see domain/space-items.ts), or its withdrawal
 * (`item` null), owned by `owner` and sealed for the item's audience.
 */
export interface ItemOp {
	t: 'item';
	table: SpaceTable;
	id: string;
	owner: string;
	stamp: string;
	item: Record<string, unknown> | null;
}

/** A new device answers an invite, sealed for the inviting device only. */
export interface HelloOp {
	t: 'hello';
	inviteId: string;
	device: DeviceCard;
}

/**
 * A member lets a device in; sealed for every device, the new one included. `replaces`: a
 * counsellor lets a parent back in with a new device, as a new person who was that parent.
 */
export interface AdmitOp {
	t: 'admit';
	device: DeviceCard;
	replaces?: string;
}

/**
 * What a newly admitted device needs to start: the space's name and everyone in it, from
 * the device that admitted it (whose key it knows from the invite).
 */
export interface RosterOp {
	t: 'roster';
	spaceName: string;
	devices: (DeviceCard & { admittedBy: string; replaces?: string })[];
}

/** Devices taken out of the space (removed, lost, or leaving). */
export interface RemoveOp {
	t: 'remove';
	deviceIds: string[];
}

/**
 * A device's new public keys (the app lock was turned on: see sync/rekey.ts), signed with
 * the key it gives up. It speaks only for the device that signs it.
 */
export interface RekeyOp {
	t: 'rekey';
	encryptionKey: string;
	signingKey: string;
}

export type Op = RecordOp | ItemOp | HelloOp | AdmitOp | RosterOp | RemoveOp | RekeyOp;

/** How deep an opened op may nest; the deepest honest op (a roster) is four levels. */
const MAX_DEPTH = 8;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[A-Za-z0-9_-]{40,64}$/;
const HASH = /^[0-9a-f]{64}$/;
const MAX_NAME = 120;

const text = (v: unknown, max = MAX_NAME): v is string =>
	typeof v === 'string' && v.length > 0 && v.length <= max;
const id = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The card rebuilt from its checked fields only. */
function decodeCard(v: unknown): DeviceCard | undefined {
	if (!isDeviceCard(v)) return undefined;
	const { deviceId, memberId, role, name, encryptionKey, signingKey, tokenHash } = v;
	return { deviceId, memberId, role, name, encryptionKey, signingKey, tokenHash };
}

function isDeviceCard(v: unknown): v is DeviceCard {
	return (
		isObject(v) &&
		id(v.deviceId) &&
		id(v.memberId) &&
		isRole(v.role) &&
		text(v.name) &&
		typeof v.encryptionKey === 'string' &&
		KEY.test(v.encryptionKey) &&
		typeof v.signingKey === 'string' &&
		KEY.test(v.signingKey) &&
		typeof v.tokenHash === 'string' &&
		HASH.test(v.tokenHash)
	);
}

const stamp = (v: unknown): v is string => typeof v === 'string' && parseStamp(v) !== undefined;

/** Nesting deeper than `max` anywhere in a value (checked without recursion). */
function tooDeep(value: unknown, max: number): boolean {
	const stack: [unknown, number][] = [[value, 1]];
	while (stack.length) {
		const [v, depth] = stack.pop()!;
		if (typeof v !== 'object' || v === null) continue;
		if (depth > max) return true;
		for (const child of Object.values(v)) stack.push([child, depth + 1]);
	}
	return false;
}

export type Parsed = { op: Op } | { problem: 'invalid' | 'newer-format' };

/**
 * Decodes an opened payload: the one decoder per op and per table. Anything that does not
 * have exactly the fields, types and sizes it should is invalid; an op from a newer format
 * is kept apart, to be read after this device updates.
 */
export function decodeOp(bytes: Uint8Array, legacy = false): Parsed {
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		return { problem: 'invalid' };
	}
	if (!isObject(value)) return { problem: 'invalid' };
	if (typeof value.f === 'number' && Number.isInteger(value.f) && value.f > OP_FORMAT)
		return { problem: 'newer-format' };
	// Ops written before formats were numbered carry none.
	const known = typeof value.f === 'number' && Number.isInteger(value.f) && value.f >= 1;
	if (!(known || (legacy && value.f === undefined))) return { problem: 'invalid' };
	if (tooDeep(value, MAX_DEPTH)) return { problem: 'invalid' };
	const op = decodeKnown(value);
	return op ? { op } : { problem: 'invalid' };
}

/** The op in an opened payload, or undefined when it is not one we understand. */
export function parseOp(bytes: Uint8Array, legacy = false): Op | undefined {
	const parsed = decodeOp(bytes, legacy);
	return 'op' in parsed ? parsed.op : undefined;
}

function decodeRecord(value: Record<string, unknown>): RecordOp | undefined {
	if (
		!(SHARED_TABLES as readonly unknown[]).includes(value.table) ||
		!id(value.id) ||
		!id(value.owner) ||
		!stamp(value.stamp) ||
		!isVisibility(value.visibility)
	)
		return undefined;
	const base = {
		t: 'record' as const,
		table: value.table as SharedTable,
		id: value.id,
		owner: value.owner,
		stamp: value.stamp,
		visibility: value.visibility
	};
	if (value.record === null) return { ...base, record: null };
	const record = decodeSharedRecord(base.table, value.record, base);
	return record ? { ...base, record } : undefined;
}

function decodeKnown(value: Record<string, unknown>): Op | undefined {
	switch (value.t) {
		case 'record':
			return decodeRecord(value);
		case 'item': {
			if (
				!isSpaceTable(value.table) ||
				!id(value.id) ||
				!id(value.owner) ||
				!stamp(value.stamp) ||
				!(value.item === null || isItemShape(value.table, value.item))
			)
				return undefined;
			const { table, id: itemId, owner, stamp: at, item } = value;
			return { t: 'item', table, id: itemId, owner, stamp: at, item };
		}
		case 'hello': {
			const device = decodeCard(value.device);
			return id(value.inviteId) && device
				? { t: 'hello', inviteId: value.inviteId, device }
				: undefined;
		}
		case 'admit': {
			const device = decodeCard(value.device);
			if (!device || !(value.replaces === undefined || id(value.replaces))) return undefined;
			return { t: 'admit', device, ...(value.replaces ? { replaces: value.replaces } : {}) };
		}
		case 'roster': {
			if (!text(value.spaceName) || !Array.isArray(value.devices)) return undefined;
			const devices = value.devices.map((d: unknown) => {
				const card = decodeCard(d);
				const { admittedBy, replaces } = d as { admittedBy?: unknown; replaces?: unknown };
				if (!card || !id(admittedBy) || !(replaces === undefined || id(replaces))) return undefined;
				return { ...card, admittedBy, ...(replaces ? { replaces } : {}) };
			});
			return devices.every(Boolean)
				? { t: 'roster', spaceName: value.spaceName, devices: devices as RosterOp['devices'] }
				: undefined;
		}
		case 'remove':
			return Array.isArray(value.deviceIds) &&
				value.deviceIds.length > 0 &&
				value.deviceIds.length <= 100 &&
				value.deviceIds.every(id)
				? { t: 'remove', deviceIds: [...value.deviceIds] }
				: undefined;
		case 'rekey': {
			const { encryptionKey, signingKey } = value;
			return typeof encryptionKey === 'string' &&
				KEY.test(encryptionKey) &&
				typeof signingKey === 'string' &&
				KEY.test(signingKey)
				? { t: 'rekey', encryptionKey, signingKey }
				: undefined;
		}
		default:
			return undefined;
	}
}

export function encodeOp(op: Op): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(JSON.stringify({ ...op, f: WRITTEN_AS[op.t] ?? 1 }));
}
