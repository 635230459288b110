import type { KoersDatabase } from '$lib/db/database';
import { LiveQuery } from '$lib/db/live-query.svelte';
import { toReflection } from '$lib/db/reflection-repository';
import type {
	ReflectionRecord,
	SharedRecord,
	SpaceItemRecord,
	SpaceRecord,
	StatementRecord
} from '$lib/db/schema';
import { toStatement } from '$lib/db/statement-repository';
import { agendaOf, withEnded, type AgendaItem, type PlannedConversation } from '$lib/domain/agenda';
import {
	agreementStatus,
	confirmedBy,
	history,
	lastAgreedVersion,
	type AgreementStatus,
	withoutObjected,
	type AgreementVersion,
	type Confirmation,
	type Objection
} from '$lib/domain/agreements';
import { waitingForYesOf, yesMissingFor, type Consent } from '$lib/domain/consent';
import type { SharedGroundLink } from '$lib/domain/conversation';
import type { Role } from '$lib/domain/profile';
import type { Reflection } from '$lib/domain/reflections';
import type { SpaceTable } from '$lib/domain/space-items';
import type { Statement } from '$lib/domain/statements';
import { parseStamp } from '$lib/family/sync/hlc';

/**
 * Everything this device may read of one family space, as domain objects: the members, the
 * statements and reflections that were shared (its own only when shared, never private
 * ones), and the items written together. One live query, so every screen stays current.
 */
export interface Member {
	memberId: string;
	name: string;
	role: Role;
	/** Who let this person's first device in (a member id), and when this device learnt of it. */
	addedBy?: string;
	addedAt?: string;
	/** A parent who came back with a new device: who they were before in this space. */
	replaces?: string;
	/** A parent a counsellor added for the room, who has no device in the space. */
	withoutDevice: boolean;
}

export interface Note {
	id: string;
	author: string;
	text: string;
	createdAt: string;
}

export interface Summary {
	id: string;
	conversationId: string;
	author: string;
	endedAt: string;
	agendaItemIds: string[];
	themes: string[];
	versionIds: string[];
	next?: { date: string; time?: string };
}

/** A version as stored: it knows the conversation it was made in, if any. */
export type AgreementVersionItem = AgreementVersion & { conversationId?: string };

export interface AgreementView {
	id: string;
	versions: AgreementVersionItem[];
	current: AgreementVersionItem;
	status: AgreementStatus;
	/** What still holds while a newer version waits for both parents. */
	lastAgreed?: AgreementVersion;
	/** Per version id, the valid confirmations of it. */
	confirmations: Map<string, Confirmation[]>;
}

interface Snapshot {
	space?: SpaceRecord;
	me: string;
	/** Who is in the space now (removed devices left out). */
	members: Member[];
	/** Parents whose devices are all gone and who did not come back yet (a lost phone). */
	formerParents: Member[];
	/** Everyone whose devices are all gone, with when this device learnt it. */
	formerMembers: (Member & { removedAt?: string })[];
	/** Everyone who ever was, so confirmations made before someone left still count. */
	roles: [string, Role][];
	statements: Statement[];
	reflections: Reflection[];
	items: SpaceItemRecord[];
}

const shownOwn = <T extends { visibility: string; deletedAt?: string }>(r: T) =>
	r.visibility !== 'private' && !r.deletedAt;

/** Who wrote a shared record, its id and readers come from its signed envelope, never its content. */
const signedRecord = (r: SharedRecord) =>
	({ ...r.payload, id: r.id, ownerId: r.ownerId, visibility: r.visibility }) as never;

async function load(db: KoersDatabase, spaceId: string): Promise<Snapshot> {
	const [space, profile, devices, shared, items, ownStatements, ownReflections] = await Promise.all(
		[
			db.spaces.get(spaceId),
			db.profile.get('me'),
			db.spaceDevices.where('spaceId').equals(spaceId).toArray(),
			db.shared.where('spaceId').equals(spaceId).toArray(),
			db.spaceItems.where('spaceId').equals(spaceId).toArray(),
			db.statements.toArray(),
			db.reflections.toArray()
		]
	);
	const me = profile?.memberId ?? '';
	const members = new Map<string, Member>();
	const memberOfDevice = new Map(devices.map((d) => [d.deviceId, d.memberId]));
	for (const device of devices.filter((d) => d.removedAtSeq === undefined))
		if (!members.has(device.memberId))
			members.set(device.memberId, {
				memberId: device.memberId,
				name: device.payload.name,
				role: device.role,
				withoutDevice: false,
				addedBy: memberOfDevice.get(device.admittedBy),
				...(device.replaces ? { replaces: device.replaces } : {}),
				...(device.admittedAt ? { addedAt: device.admittedAt } : {})
			});
	const live = items.filter((i) => !i.removed);
	for (const person of live.filter((i) => i.table === 'people'))
		if (!members.has(person.id))
			members.set(person.id, {
				memberId: person.id,
				name: String(person.payload.name),
				role: 'parent',
				withoutDevice: true,
				addedBy: person.ownerId
			});
	const replaced = new Set(devices.map((d) => d.replaces).filter(Boolean));
	const formerMembers = new Map<string, Member & { removedAt?: string }>();
	for (const d of devices) {
		if (members.has(d.memberId)) continue;
		const known = formerMembers.get(d.memberId);
		const removedAt = [known?.removedAt, d.removedAt].filter(Boolean).sort().at(-1);
		formerMembers.set(d.memberId, {
			memberId: d.memberId,
			name: d.payload.name,
			role: d.role,
			withoutDevice: false,
			...(removedAt ? { removedAt } : {})
		});
	}
	const formerParents = [...formerMembers.values()].filter(
		(m) => m.role === 'parent' && !replaced.has(m.memberId)
	);
	const received = shared.filter((r) => !r.removed);
	const inSpace = members.has(me);
	return {
		space,
		me,
		members: [...members.values()],
		formerParents,
		formerMembers: [...formerMembers.values()],
		roles: [
			...devices.map((d): [string, Role] => [d.memberId, d.role]),
			...[...members.values()].map((m): [string, Role] => [m.memberId, m.role])
		],
		statements: [
			...(inSpace ? ownStatements.filter(shownOwn) : []),
			...received.filter((r) => r.table === 'statements').map(signedRecord)
		].map((r: StatementRecord) => toStatement(r)),
		reflections: [
			...(inSpace ? ownReflections.filter(shownOwn) : []),
			...received.filter((r) => r.table === 'reflections').map(signedRecord)
		].map((r: ReflectionRecord) => toReflection(r)),
		items: live
	};
}

const byName = (a: Member, b: Member) =>
	a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1);

const EMPTY: Snapshot = {
	me: '',
	members: [],
	formerParents: [],
	formerMembers: [],
	roles: [],
	statements: [],
	reflections: [],
	items: []
};

/**
 * The item as a domain object; id and owner come from the signed record, never the content,
 * and an id two owners claim is left out (one of them copied it to take it over).
 * Its time (`timeField`, which orders versions and links) is never later than its stamp, so
 * a wrong or hostile clock cannot keep an item "newest" for ever.
 */
function itemsOf<T>(data: Snapshot, table: SpaceTable, owner: string, timeField?: string): T[] {
	const rows = data.items.filter((i) => i.table === table);
	const claimed = new Map<string, number>();
	for (const row of rows) claimed.set(row.id, (claimed.get(row.id) ?? 0) + 1);
	return rows
		.filter((i) => claimed.get(i.id) === 1)
		.map((i) => {
			const item: Record<string, unknown> = { ...i.payload, id: i.id, [owner]: i.ownerId };
			const wall = parseStamp(i.stamp)?.wall;
			if (timeField && wall !== undefined && Date.parse(String(item[timeField])) > wall)
				item[timeField] = new Date(wall).toISOString();
			return item as T;
		});
}

function agreementsOf(
	versions: AgreementVersionItem[],
	confirmations: Confirmation[],
	parents: [string, string],
	roles: Map<string, Role>
): AgreementView[] {
	const byAgreement = new Map<string, AgreementVersionItem[]>();
	for (const v of versions)
		byAgreement.set(v.agreementId, [...(byAgreement.get(v.agreementId) ?? []), v]);
	return [...byAgreement]
		.map(([id, list]): AgreementView => {
			const ordered = history(list);
			const valid = new Map(
				ordered.map((v) => [
					v.id,
					confirmations.filter(
						(c) => c.versionId === v.id && confirmedBy(v, [c], roles).length === 1
					)
				])
			);
			return {
				id,
				versions: ordered,
				current: ordered.at(-1)!,
				status: agreementStatus(ordered, confirmations, parents, roles),
				lastAgreed: lastAgreedVersion(ordered, confirmations, parents, roles),
				confirmations: valid
			};
		})
		.sort((a, b) => (a.current.createdAt < b.current.createdAt ? 1 : -1));
}

/** Everything the screens read, worked out once per snapshot of the database. */
function viewsOf(data: Snapshot) {
	const parents = data.members.filter((m) => m.role === 'parent').sort(byName);
	const parentPair: [string, string] = [parents[0]?.memberId ?? '', parents[1]?.memberId ?? ''];
	const roles = new Map(data.roles);
	const versions = itemsOf<AgreementVersionItem>(data, 'agreements', 'author', 'createdAt');
	const objections = itemsOf<Objection>(data, 'objections', 'parentId');
	const recorded = itemsOf<Confirmation>(data, 'confirmations', 'recordedBy');
	const confirmations = withoutObjected(recorded, objections);
	const objectedByMe = new Set(objections.filter((o) => o.parentId === data.me).map((o) => o.id));
	return {
		parents,
		counsellors: data.members.filter((m) => m.role === 'counsellor').sort(byName),
		parentPair,
		roles,
		conversations: withEnded(
			itemsOf<PlannedConversation>(data, 'conversations', 'createdBy'),
			itemsOf<Summary>(data, 'summaries', 'author')
		),
		agendaItems: itemsOf<AgendaItem>(data, 'agenda', 'author'),
		links: itemsOf<SharedGroundLink>(data, 'links', 'author', 'changedAt'),
		versions,
		confirmations,
		recorded,
		objections,
		witnessedForMe: recorded
			.filter((c) => c.parentId === data.me && c.witnessed && c.recordedBy !== data.me)
			.map((confirmation) => ({ confirmation, objected: objectedByMe.has(confirmation.id) })),
		// A yes is keyed by the person it is for, so several owners share its id: read straight
		// from the items, not through `itemsOf`, which leaves out ids that two owners claim.
		consents: data.items
			.filter((i) => i.table === 'consents')
			.map((i): Consent => ({
				owner: i.ownerId,
				reader: i.id,
				agreedAt: String(i.payload.agreedAt),
				how: i.payload.how as Consent['how']
			})),
		notes: itemsOf<Note>(data, 'notes', 'author').sort((a, b) =>
			a.createdAt < b.createdAt ? 1 : -1
		),
		summaries: itemsOf<Summary>(data, 'summaries', 'author'),
		agreements: agreementsOf(versions, confirmations, parentPair, roles)
	};
}

/** The same views read once, for actions that check a rule before they write. */
export async function readSpace(db: KoersDatabase, spaceId: string) {
	const data = await load(db, spaceId);
	const { members, statements, reflections } = data;
	return { members, statements, reflections, ...viewsOf(data) };
}

export class SpaceView {
	readonly spaceId: string;
	#query: LiveQuery<Snapshot>;
	#views = new WeakMap<Snapshot, ReturnType<typeof viewsOf>>();

	constructor(db: KoersDatabase, spaceId: string) {
		this.spaceId = spaceId;
		this.#query = new LiveQuery(() => load(db, spaceId));
	}

	get loaded() {
		return this.#query.loaded;
	}
	get #data(): Snapshot {
		return this.#query.current ?? EMPTY;
	}
	get #v() {
		const data = this.#data;
		let views = this.#views.get(data);
		if (!views) this.#views.set(data, (views = viewsOf(data)));
		return views;
	}
	get me() {
		return this.#data.me;
	}
	/** The space as this device holds it (undefined while loading or when unknown here). */
	get space(): SpaceRecord | undefined {
		return this.#data.space;
	}
	get name(): string {
		return this.#data.space?.payload.name ?? '';
	}
	get isCounsellor(): boolean {
		return this.#v.roles.get(this.#data.me) === 'counsellor';
	}
	get members() {
		return this.#data.members;
	}
	get formerParents(): Member[] {
		return this.#data.formerParents;
	}
	/** Who no longer reads along: all their devices were taken out or left. */
	get formerMembers(): (Member & { removedAt?: string })[] {
		return this.#data.formerMembers;
	}
	get statements() {
		return this.#data.statements;
	}
	get reflections() {
		return this.#data.reflections;
	}
	/** The parents, in a fixed order (by name), so every screen shows them the same way. */
	get parents(): Member[] {
		return this.#v.parents;
	}
	get counsellors(): Member[] {
		return this.#v.counsellors;
	}
	/** The two parents an agreement needs (an empty id while the second one is missing). */
	get parentPair(): [string, string] {
		return this.#v.parentPair;
	}
	get roles(): Map<string, Role> {
		return this.#v.roles;
	}
	nameOf(memberId: string): string | undefined {
		return this.#data.members.find((m) => m.memberId === memberId)?.name;
	}
	get conversations(): PlannedConversation[] {
		return this.#v.conversations;
	}
	get agendaItems(): AgendaItem[] {
		return this.#v.agendaItems;
	}
	get links(): SharedGroundLink[] {
		return this.#v.links;
	}
	get versions(): AgreementVersionItem[] {
		return this.#v.versions;
	}
	get confirmations(): Confirmation[] {
		return this.#v.confirmations;
	}
	get notes(): Note[] {
		return this.#v.notes;
	}
	get summaries(): Summary[] {
		return this.#v.summaries;
	}
	/**
	 * Yeses a counsellor wrote down for this parent in the room, each with the version and
	 * whether the parent said it was not so: the parent's notices.
	 */
	get witnessedForMe(): { confirmation: Confirmation; objected: boolean }[] {
		return this.#v.witnessedForMe;
	}
	/** Every yes given in the space: who agreed that whom may read what they write. */
	get consents(): Consent[] {
		return this.#v.consents;
	}
	/** People with a device in the space to whom this person has not said yes yet. */
	get waitingForMyYes(): Member[] {
		const people = this.#withDevice.map((m) => m.memberId);
		const waiting = new Set(waitingForYesOf(this.#data.me, people, this.#v.consents));
		return this.#withDevice.filter((m) => waiting.has(m.memberId));
	}
	/** The people whose yes `memberId` still waits for: their items do not reach them yet. */
	yesMissingFor(memberId: string): Member[] {
		const people = this.#withDevice.map((m) => m.memberId);
		const missing = new Set(yesMissingFor(memberId, people, this.#v.consents));
		return this.#withDevice.filter((m) => missing.has(m.memberId));
	}
	get #withDevice(): Member[] {
		return this.#data.members.filter((m) => !m.withoutDevice);
	}
	/** A conversation's agenda, in its stable order (see domain/agenda.ts). */
	agendaFor(conversationId: string): AgendaItem[] {
		return agendaOf(
			this.#v.agendaItems,
			conversationId,
			new Set(this.#v.counsellors.map((c) => c.memberId))
		);
	}
	/** A conversation may be closed more than once: the newest summary counts. */
	summaryOf(conversationId: string): Summary | undefined {
		return this.#v.summaries
			.filter((s) => s.conversationId === conversationId)
			.sort((a, b) => (a.endedAt < b.endedAt ? 1 : -1))[0];
	}
	/** Every agreement with its full history and where it stands; newest change first. */
	get agreements(): AgreementView[] {
		return this.#v.agreements;
	}
}
