import type { KoersDatabase } from '$lib/db/database';
import { LiveQuery } from '$lib/db/live-query.svelte';
import { toReflection } from '$lib/db/reflection-repository';
import type { ReflectionRecord, SpaceItemRecord, StatementRecord } from '$lib/db/schema';
import { toStatement } from '$lib/db/statement-repository';
import type { AgendaItem, PlannedConversation } from '$lib/domain/agenda';
import {
	agreementStatus,
	confirmedBy,
	history,
	lastAgreedVersion,
	type AgreementStatus,
	type AgreementVersion,
	type Confirmation
} from '$lib/domain/agreements';
import type { SharedGroundLink } from '$lib/domain/conversation';
import type { Role } from '$lib/domain/profile';
import type { Reflection } from '$lib/domain/reflections';
import type { SpaceTable } from '$lib/domain/space-items';
import type { Statement } from '$lib/domain/statements';

/**
 * Everything this device may read of one family space, as domain objects: the members, the
 * statements and reflections that were shared (its own only when shared, never private
 * ones), and the items written together. One live query, so every screen stays current.
 */
export interface Member {
	memberId: string;
	name: string;
	role: Role;
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
	me: string;
	members: Member[];
	statements: Statement[];
	reflections: Reflection[];
	items: SpaceItemRecord[];
}

const shownOwn = <T extends { visibility: string; deletedAt?: string }>(r: T) =>
	r.visibility !== 'private' && !r.deletedAt;

async function load(db: KoersDatabase, spaceId: string): Promise<Snapshot> {
	const [profile, devices, shared, items, ownStatements, ownReflections] = await Promise.all([
		db.profile.get('me'),
		db.spaceDevices.where('spaceId').equals(spaceId).toArray(),
		db.shared.where('spaceId').equals(spaceId).toArray(),
		db.spaceItems.where('spaceId').equals(spaceId).toArray(),
		db.statements.toArray(),
		db.reflections.toArray()
	]);
	const me = profile?.memberId ?? '';
	const members = new Map<string, Member>();
	for (const device of devices)
		members.set(device.memberId, {
			memberId: device.memberId,
			name: device.payload.name,
			role: device.role,
			withoutDevice: false
		});
	const live = items.filter((i) => !i.removed);
	for (const person of live.filter((i) => i.table === 'people'))
		if (!members.has(person.id))
			members.set(person.id, {
				memberId: person.id,
				name: String(person.payload.name),
				role: 'parent',
				withoutDevice: true
			});
	const received = shared.filter((r) => !r.removed);
	const inSpace = members.has(me);
	return {
		me,
		members: [...members.values()],
		statements: [
			...(inSpace ? ownStatements.filter(shownOwn) : []),
			...received.filter((r) => r.table === 'statements').map((r) => r.payload as never)
		].map((r: StatementRecord) => toStatement(r)),
		reflections: [
			...(inSpace ? ownReflections.filter(shownOwn) : []),
			...received.filter((r) => r.table === 'reflections').map((r) => r.payload as never)
		].map((r: ReflectionRecord) => toReflection(r)),
		items: live
	};
}

const byName = (a: Member, b: Member) =>
	a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1);

export class SpaceView {
	readonly spaceId: string;
	#query: LiveQuery<Snapshot>;

	constructor(db: KoersDatabase, spaceId: string) {
		this.spaceId = spaceId;
		this.#query = new LiveQuery(() => load(db, spaceId));
	}

	get loaded() {
		return this.#query.loaded;
	}
	get #data(): Snapshot {
		return (
			this.#query.current ?? { me: '', members: [], statements: [], reflections: [], items: [] }
		);
	}
	get me() {
		return this.#data.me;
	}
	get members() {
		return this.#data.members;
	}
	get statements() {
		return this.#data.statements;
	}
	get reflections() {
		return this.#data.reflections;
	}

	/** The parents, in a fixed order (by name), so every screen shows them the same way. */
	get parents(): Member[] {
		return this.#data.members.filter((m) => m.role === 'parent').sort(byName);
	}
	get counsellors(): Member[] {
		return this.#data.members.filter((m) => m.role === 'counsellor').sort(byName);
	}
	/** The two parents an agreement needs (an empty id while the second one is missing). */
	get parentPair(): [string, string] {
		const [a, b] = this.parents;
		return [a?.memberId ?? '', b?.memberId ?? ''];
	}
	get roles(): Map<string, Role> {
		return new Map(this.#data.members.map((m) => [m.memberId, m.role]));
	}
	nameOf(memberId: string): string | undefined {
		return this.#data.members.find((m) => m.memberId === memberId)?.name;
	}

	#of(table: SpaceTable) {
		return this.#data.items.filter((i) => i.table === table);
	}

	get conversations(): PlannedConversation[] {
		return this.#of('conversations').map((i) => ({
			id: i.id,
			createdBy: i.ownerId,
			...(i.payload as Omit<PlannedConversation, 'id' | 'createdBy'>)
		}));
	}
	get agendaItems(): AgendaItem[] {
		return this.#of('agenda').map((i) => ({
			id: i.id,
			author: i.ownerId,
			...(i.payload as Omit<AgendaItem, 'id' | 'author'>)
		}));
	}
	get links(): SharedGroundLink[] {
		return this.#of('links').map((i) => ({
			id: i.id,
			author: i.ownerId,
			...(i.payload as Omit<SharedGroundLink, 'id' | 'author'>)
		}));
	}
	get versions(): AgreementVersionItem[] {
		return this.#of('agreements').map((i) => ({
			id: i.id,
			author: i.ownerId,
			...(i.payload as Omit<AgreementVersion, 'id' | 'author'>)
		}));
	}
	get confirmations(): Confirmation[] {
		return this.#of('confirmations').map((i) => ({
			id: i.id,
			recordedBy: i.ownerId,
			...(i.payload as Omit<Confirmation, 'id' | 'recordedBy'>)
		}));
	}
	get notes(): Note[] {
		return this.#of('notes')
			.map((i) => ({ id: i.id, author: i.ownerId, ...(i.payload as Omit<Note, 'id' | 'author'>) }))
			.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
	}
	get summaries(): Summary[] {
		return this.#of('summaries').map((i) => ({
			id: i.id,
			author: i.ownerId,
			...(i.payload as Omit<Summary, 'id' | 'author'>)
		}));
	}

	/** Every agreement with its full history and where it stands; newest change first. */
	get agreements(): AgreementView[] {
		const roles = this.roles;
		const parents = this.parentPair;
		const confirmations = this.confirmations;
		const byAgreement = new Map<string, AgreementVersionItem[]>();
		for (const v of this.versions)
			byAgreement.set(v.agreementId, [...(byAgreement.get(v.agreementId) ?? []), v]);
		return [...byAgreement]
			.map(([id, list]): AgreementView => {
				const versions = history(list);
				const valid = new Map(
					versions.map((v) => [
						v.id,
						confirmations.filter(
							(c) => c.versionId === v.id && confirmedBy(v, [c], roles).length === 1
						)
					])
				);
				return {
					id,
					versions,
					current: versions.at(-1)!,
					status: agreementStatus(versions, confirmations, parents, roles),
					lastAgreed: lastAgreedVersion(versions, confirmations, parents, roles),
					confirmations: valid
				};
			})
			.sort((a, b) => (a.current.createdAt < b.current.createdAt ? 1 : -1));
	}
}
