import type { SpaceDevice } from '$lib/domain/membership';
import { isRole } from '$lib/domain/profile';
import { isItemShape, isSpaceTable, type SpaceTable } from '$lib/domain/space-items';
import { isVisibility, type Visibility } from '$lib/domain/statements';
import { parseStamp } from './hlc';

/**
 * What an op says once opened. The relay never sees any of this: it travels inside the
 * sealed envelope, signed by the device that wrote it.
 */
export type DeviceCard = Omit<SpaceDevice, 'admittedBy' | 'removedAtSeq'>;

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

/** A member lets a device in; sealed for every device, the new one included. */
export interface AdmitOp {
	t: 'admit';
	device: DeviceCard;
}

/**
 * What a newly admitted device needs to start: the space's name and everyone in it, from
 * the device that admitted it (whose key it knows from the invite).
 */
export interface RosterOp {
	t: 'roster';
	spaceName: string;
	devices: (DeviceCard & { admittedBy: string })[];
}

/** Devices taken out of the space (removed, lost, or leaving). */
export interface RemoveOp {
	t: 'remove';
	deviceIds: string[];
}

export type Op = RecordOp | ItemOp | HelloOp | AdmitOp | RosterOp | RemoveOp;

export const SHARED_TABLES = ['statements', 'reflections'] as const;
export type SharedTable = (typeof SHARED_TABLES)[number];

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[A-Za-z0-9_-]{40,64}$/;
const HASH = /^[0-9a-f]{64}$/;
const MAX_NAME = 120;

const text = (v: unknown, max = MAX_NAME): v is string =>
	typeof v === 'string' && v.length > 0 && v.length <= max;
const id = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** The op in an opened payload, or undefined when it is not one we understand. */
export function parseOp(bytes: Uint8Array): Op | undefined {
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		return undefined;
	}
	if (!isObject(value)) return undefined;
	switch (value.t) {
		case 'record':
			return (SHARED_TABLES as readonly unknown[]).includes(value.table) &&
				id(value.id) &&
				id(value.owner) &&
				stamp(value.stamp) &&
				isVisibility(value.visibility) &&
				(value.record === null || isObject(value.record))
				? (value as unknown as RecordOp)
				: undefined;
		case 'item':
			return isSpaceTable(value.table) &&
				id(value.id) &&
				id(value.owner) &&
				stamp(value.stamp) &&
				(value.item === null || isItemShape(value.table, value.item))
				? (value as unknown as ItemOp)
				: undefined;
		case 'hello':
			return id(value.inviteId) && isDeviceCard(value.device)
				? (value as unknown as HelloOp)
				: undefined;
		case 'admit':
			return isDeviceCard(value.device) ? (value as unknown as AdmitOp) : undefined;
		case 'roster':
			return text(value.spaceName) &&
				Array.isArray(value.devices) &&
				value.devices.every(
					(d) => isDeviceCard(d) && id((d as { admittedBy?: unknown }).admittedBy)
				)
				? (value as unknown as RosterOp)
				: undefined;
		case 'remove':
			return Array.isArray(value.deviceIds) &&
				value.deviceIds.length > 0 &&
				value.deviceIds.every(id)
				? (value as unknown as RemoveOp)
				: undefined;
		default:
			return undefined;
	}
}

export function encodeOp(op: Op): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(JSON.stringify(op));
}
