import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KoersDatabase } from '$lib/db/database';
import { addReflection, setReflectionVisibility } from '$lib/db/reflection-repository';
import { addStatement, saveStatementText } from '$lib/db/statement-repository';
import { calendarDateOf } from '$lib/domain/calendar-date';
import { FITS } from '$lib/domain/reflections';
import { STATEMENT_KINDS, THEMES, type Visibility } from '$lib/domain/statements';
import { confirmVersion, editAgreement, proposeAgreement } from './agreement-actions';
import { setLink } from './link-actions';
import { writeNote } from './note-actions';
import {
	addAgendaItem,
	changeConversation,
	closeConversation,
	planConversation
} from './planning-actions';
import { readSpace } from './space-view';
import { deviceFor, sha256Hex } from './sync/device';
import { SpaceSync } from './sync/engine.svelte';
import { fromBase64Url, open, signerOf } from './sync/envelope';
import { agreedBy } from './sync/items';
import { parseOp, type Op } from './sync/ops';
import { agreeToPerson, createSpace, removeDevices } from './sync/spaces';
import { device, letIn, sql, startRelay } from './sync/test-family';

/**
 * How much one family space's log grows in a year of heavy honest use, for sizing the
 * relay's per-space quota (docs/space-quota.md). Not part of `npm test`: run it with
 * `npm run measure:space-year`. Everything goes through the real code: the repositories and
 * action modules the screens use, the sync engine's own steps after a change, real sealing,
 * the real relay protocol on an in-memory embedded store, six devices with a database each.
 * Only the clock is simulated. At the end every op in the log is opened with the members'
 * keys to tell what it is.
 *
 * SPACE_YEAR_DAYS (default 365) simulates fewer days, for a quick look; the figures are then
 * also scaled to a year (what happens once, joining, writing the statements and the new
 * phones, is counted as it happened, not scaled).
 */
const YEAR = 365;
const DAYS = Math.min(YEAR, Math.max(1, Number(process.env.SPACE_YEAR_DAYS ?? YEAR)));
/** Where all shared writing goes: with everyone is the largest envelope (5 readers, 8 keys). */
const SHARED: Visibility = 'family';

// What one heavy year holds (see docs/space-quota.md for the reasons).
const STATEMENTS_PER_PARENT = 30;
const EDITS_PER_PARENT = 300;
const REFLECTIONS_PER_PARENT = 300;
const CONVERSATIONS = 12;
const AGREEMENTS = 40;
const NOTES = 100;
const LINKS_PER_CONVERSATION = 5;
const NEW_PHONE_DAY = 182;

// What happens once, counted by when it happened rather than by what the ops are.
const JOINING = 'joining (hello, admit, roster, yes, re-sends)';
const NEW_PHONE = 'a new phone per parent (admit, remove, re-sends)';
const AFTER = 'after the year: one more new phone for one parent';
const NEW_STATEMENT = 'statement, new';

// A fixed seed: the same year every run.
let seed = 20_260_105;
function random(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// B1 Dutch with its accents, so UTF-8 takes a few bytes more than characters, as it will.
const WORDS = (
	'ik wil graag dat de kinderen een rustige week hebben bij ons allebei en dat we samen ' +
	'overleggen over school huiswerk sport verjaardagen vakanties en de zorg als één van hen ' +
	'ziek is ideeën zomer café oma opa financiën reëel privé vrijdag maandag brengen halen ' +
	'luisteren vertrouwen gezondheid tandarts slapen logeren feestdagen belangrijk gesprek ' +
	'afspraak wonen kosten geduld rustig thuis vader moeder zoon dochter zwemles muziek kerst'
).split(' ');

/** Text of `min` to `max` characters. */
function words(min: number, max: number): string {
	const length = between(min, max);
	let text = '';
	while (Array.from(text).length < length) {
		const word = pick(WORDS);
		if (text === '') text = word[0]!.toUpperCase() + word.slice(1);
		else text += random() < 0.08 ? `. ${word}` : ` ${word}`;
	}
	return Array.from(text).slice(0, length).join('').trim() + '.';
}

/** Splits `total` characters over `parts` fields, none below `least`. */
function split(total: number, parts: number, least: number): number[] {
	const weights = Array.from({ length: parts }, () => random() + 0.3);
	const sum = weights.reduce((a, b) => a + b, 0);
	return weights.map((w) => Math.max(least, Math.round((total * w) / sum)));
}

// The simulated clock: Date only, so fake-indexeddb, PGlite and fetch run as they do.
const START = Date.UTC(2026, 0, 5, 7);
let now = START;
const setClock = (at: number) => {
	now = at;
	vi.setSystemTime(now);
};
/** A few minutes pass between things people do (also past the once-a-minute hold). */
const pass = (minutes = 3) => setClock(now + minutes * 60_000);
const dayStart = (day: number) => START + day * 86_400_000;
const today = () => calendarDateOf(new Date());
const dateIn = (days: number) => calendarDateOf(new Date(now + days * 86_400_000));

let spaceId = '';
async function lastSeq(): Promise<number> {
	const [row] = await sql.query<{ seq: number | null }>(
		'SELECT max(seq) AS seq FROM relay_ops WHERE space_id = $1',
		[spaceId]
	);
	return Number(row?.seq ?? 0);
}

interface Device {
	db: KoersDatabase;
	memberId: string;
}
interface Parent {
	name: string;
	memberId: string;
	phone: Device;
	laptop: Device;
	statements: string[];
	reflections: string[];
}

/** The ops of the one-off events, by log number: the event, and who can open them first. */
const events = new Map<number, { event: string; reader?: KoersDatabase }>();

/** Runs a one-off event and notes which ops of the log it made. */
async function event(name: string, work: () => Promise<unknown>, reader?: () => KoersDatabase) {
	const before = await lastSeq();
	await work();
	const after = await lastSeq();
	for (let seq = before + 1; seq <= after; seq++)
		events.set(seq, { event: name, reader: reader?.() });
}

/** The simulated day each device last synced on. */
const pulledOn = new Map<KoersDatabase, number>();
let day = 0;

async function checked(d: Device, space: SpaceSync) {
	expect(['up-to-date', 'waiting']).toContain(space.state);
	pulledOn.set(d.db, day);
}
/** A device catches up: what opening the app does. */
async function pull(d: Device) {
	const space = new SpaceSync(d.db, spaceId);
	await space.sync();
	await checked(d, space);
}
/** What the app does after a local change: stamp what changed, then pull and push. */
async function send(d: Device) {
	const space = new SpaceSync(d.db, spaceId);
	await space.noteLocalChange();
	await checked(d, space);
}

const ITEM_KINDS: Record<string, string> = {
	conversations: 'conversation, plan or move',
	agenda: 'agenda item',
	links: 'shared-ground link',
	agreements: 'agreement version',
	confirmations: "agreement, a parent's yes",
	notes: 'counsellor note',
	summaries: 'conversation summary',
	consents: 'yes to a person',
	people: 'parent without a device',
	objections: 'objection to a witnessed yes'
};

/**
 * What an op is. A record or item is new the first time its key is in the log, changed when
 * it comes with a newer stamp, and re-sent (to a newcomer) when it comes with a stamp the log
 * already holds.
 */
function kindOf(op: Op, seen: Map<string, Set<string>>): string {
	if (op.t !== 'record' && op.t !== 'item') return `membership: ${op.t}`;
	const key = `${op.t}/${op.table}/${op.owner}/${op.id}`;
	const stamps = seen.get(key) ?? new Set<string>();
	const again = stamps.has(op.stamp);
	const first = stamps.size === 0;
	seen.set(key, stamps.add(op.stamp));
	if (op.t === 'record') {
		const what = op.table === 'statements' ? 'statement' : 'reflection';
		if (op.record === null) return `${what}, removed for some readers`;
		if (again) return `${what}, re-sent`;
		if (what === 'reflection') return first ? 'reflection' : 'reflection, changed';
		return first ? NEW_STATEMENT : 'statement, edit';
	}
	const what = ITEM_KINDS[op.table] ?? op.table;
	if (op.item === null) return `${what}, withdrawn`;
	return again ? `${what}, re-sent` : what;
}

beforeAll(async () => {
	// The clock is set before the relay starts, so its embedded PostgreSQL only ever sees it
	// go forward (its timers would otherwise wait for a moment long gone).
	vi.useFakeTimers({ toFake: ['Date'] });
	setClock(START);
	await startRelay();
}, 60_000);
afterAll(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('one family space, a heavy year', () => {
	it('grows by this much at the relay', { timeout: 900_000 }, async () => {
		const started = performance.now();
		const children = [crypto.randomUUID(), crypto.randomUUID()];
		const labels = new Map<KoersDatabase, string>();
		const named = <D extends Device>(d: D, label: string) => (labels.set(d.db, label), d);

		// Joining: two counsellors, two parents, each with a phone and a laptop.
		const fatima = named(await device('Fatima', 'counsellor'), 'Fatima (counsellor)');
		const sanne = named(await device('Sanne', 'counsellor'), 'Sanne (counsellor)');
		const counsellors = [fatima, sanne];
		const parents: Parent[] = [];
		const everyDevice = () => [...counsellors, ...parents.flatMap((p) => [p.phone, p.laptop])];
		await event(JOINING, async () => {
			spaceId = (await createSpace(fatima.db, 'Gezin Jansen')).id;
			await letIn(fatima.db, sanne.db, spaceId, 'counsellor');
			for (const name of ['Anna', 'Bart']) {
				pass();
				const phone = named(await device(name, 'parent'), `${name}'s phone`);
				await letIn(fatima.db, phone.db, spaceId, 'parent');
				parents.push({
					name,
					memberId: phone.memberId,
					phone,
					laptop: phone,
					statements: [],
					reflections: []
				});
			}
			for (const parent of parents) {
				pass();
				const laptop = named(await device(parent.name, 'parent'), `${parent.name}'s laptop`);
				await letIn(parent.phone.db, laptop.db, spaceId, 'parent', true);
				parent.laptop = { db: laptop.db, memberId: parent.memberId };
			}
			// Everyone says yes to whoever came after them (the question on their own device).
			const people = [...counsellors, ...parents.map((p) => p.phone)];
			for (const person of people) {
				await pull(person);
				const agreed = await agreedBy(person.db, spaceId, person.memberId);
				for (const other of people) {
					if (other.memberId === person.memberId || agreed.has(other.memberId)) continue;
					await agreeToPerson(person.db, (await person.db.spaces.get(spaceId))!, other.memberId);
				}
				await send(person);
			}
			for (const d of everyDevice()) await pull(d);
		});

		/**
		 * A parent's new phone, let in from their laptop; the old one taken out. Everyone then
		 * syncs, so the re-sends it gets (from every author who said yes) are in the log.
		 */
		const newPhone = async (parent: Parent, label: string) => {
			pass();
			const fresh = named(await device(parent.name, 'parent'), label);
			await pull(parent.laptop);
			await letIn(parent.laptop.db, fresh.db, spaceId, 'parent', true);
			const old = (await deviceFor(parent.phone.db, spaceId)).deviceId;
			const space = (await parent.laptop.db.spaces.get(spaceId))!;
			await removeDevices(parent.laptop.db, space, [old]);
			await send(parent.laptop);
			parent.phone = fresh;
			for (const d of everyDevice()) {
				pass(1);
				await pull(d);
			}
		};

		// The year's plan of conversations and agreements.
		const conversationDays = Array.from({ length: CONVERSATIONS }, (_, k) => 20 + k * 30);
		const agreementVersions = Array.from({ length: AGREEMENTS }, (_, i) => 1 + (i % 3));
		const participants = () => [...counsellors, ...parents].map((m) => m.memberId);
		const conversationIds = new Map<number, string>();
		const agreementIds: string[] = [];
		const toRevise: string[] = [];
		let notesLeft = NOTES;

		for (day = 0; day < DAYS; day++) {
			setClock(dayStart(day));

			// A new phone for each parent half way, the old one taken out.
			if (day === NEW_PHONE_DAY)
				for (const parent of parents)
					await event(
						NEW_PHONE,
						() => newPhone(parent, `${parent.name}'s new phone`),
						() => parent.phone.db
					);

			// Each parent: one sitting most days, on the phone or the laptop. What it wrote goes
			// with the sync the app starts after a change (one op per record: an edit the next
			// day is past the once-a-minute hold).
			for (const parent of parents) {
				const writing = parent.statements.length < STATEMENTS_PER_PARENT && day % 2 === 0;
				const editing = random() < EDITS_PER_PARENT / YEAR;
				const reflecting = random() < REFLECTIONS_PER_PARENT / YEAR;
				if (!writing && !editing && !reflecting) continue;
				const d = random() < 0.7 ? parent.phone : parent.laptop;
				// While the statements are being written, a sitting first fetches those written on
				// the other device. Later the sync after the change is enough: what the relay
				// stores does not depend on it (an edit is one op of the whole record either way).
				if (day < 40) await pull(d);

				// The statements, written in the first weeks.
				if (writing) {
					const count = Math.min(2, STATEMENTS_PER_PARENT - parent.statements.length);
					for (let i = 0; i < count; i++) {
						pass();
						const made = await addStatement(
							d.db,
							{
								kind: STATEMENT_KINDS[parent.statements.length % STATEMENT_KINDS.length]!,
								theme: pick(THEMES),
								text: words(300, 1500),
								childIds: random() < 0.5 ? [...children] : [pick(children)],
								...(random() < 0.5 ? { pictogram: pick(['home', 'family', 'heart']) } : {}),
								visibility: SHARED
							},
							parent.memberId
						);
						if (typeof made === 'string') throw new Error(made);
						parent.statements.push(made.id);
					}
				}

				// One statement edited (the app sends a change as soon as it can, so a statement
				// written a few minutes ago goes first, and its edit is an op of its own).
				if (editing && parent.statements.length) {
					if (writing) await send(d);
					pass();
					const id = pick(parent.statements);
					expect(await d.db.statements.get(id)).toBeDefined();
					expect(await saveStatementText(d.db, id, words(300, 1500))).toBe(undefined);
				}

				// A reflection, written for oneself, then shared for the conversation.
				if (reflecting && parent.statements.length) {
					pass();
					const [note, happened, did, nextTime] = split(between(200, 1000), 4, 10);
					const made = await addReflection(
						d.db,
						{
							date: today(),
							statementIds: Array.from({ length: between(1, 3) }, () =>
								pick(parent.statements)
							).filter((id, i, all) => all.indexOf(id) === i),
							fit: pick(FITS),
							note: words(10, Math.min(note!, 270)),
							happened: words(10, happened!),
							did: words(10, did!),
							nextTime: words(10, nextTime!),
							visibility: 'private'
						},
						parent.memberId
					);
					if (typeof made === 'string') throw new Error(made);
					await setReflectionVisibility(d.db, [made.id], SHARED);
					parent.reflections.push(made.id);
				}
				await send(d);
			}

			// Counsellors' notes, between and after conversations.
			if (notesLeft > 0 && random() < NOTES / YEAR) {
				notesLeft--;
				const c = pick(counsellors);
				pass();
				await writeNote(c.db, spaceId, words(200, 1500));
				await send(c);
			}

			// A week ahead a counsellor plans the conversation; every other one is moved later.
			if (conversationDays.includes(day + 7)) {
				await pull(fatima);
				pass();
				const planned = await planConversation(fatima.db, spaceId, {
					date: dateIn(7),
					time: '15:30',
					participants: participants()
				});
				if (!planned.ok) throw new Error(planned.problem);
				conversationIds.set(day + 7, planned.id);
				await send(fatima);
			}
			const toMove = conversationIds.get(day + 5);
			if (toMove && conversationDays.indexOf(day + 5) % 2 === 1) {
				await pull(fatima);
				pass();
				const moved = await changeConversation(fatima.db, spaceId, toMove, {
					date: dateIn(6),
					time: '10:00',
					participants: participants()
				});
				if (!moved.ok) throw new Error(moved.problem);
				await send(fatima);
			}

			// A few days ahead everyone puts things on the agenda: a parent three reflections, a
			// statement and a topic; each counsellor a topic.
			const agendaFor = conversationIds.get(day + 3);
			if (agendaFor) {
				for (const parent of parents) {
					const d = parent.phone;
					await pull(d);
					const sources = [
						...parent.reflections
							.slice(-3)
							.map((refId) => ({ kind: 'reflection' as const, refId })),
						{ kind: 'statement' as const, refId: pick(parent.statements) }
					];
					for (const { kind, refId } of sources) {
						pass(1);
						const added = await addAgendaItem(d.db, spaceId, agendaFor, {
							kind,
							refId,
							ownerId: parent.memberId
						});
						expect(added.ok).toBe(true);
					}
					pass(1);
					await addAgendaItem(d.db, spaceId, agendaFor, { kind: 'topic', text: words(40, 300) });
					await send(d);
				}
				for (const c of counsellors) {
					await pull(c);
					pass(1);
					await addAgendaItem(c.db, spaceId, agendaFor, { kind: 'topic', text: words(40, 300) });
					await send(c);
				}
			}

			// The conversation itself: shared ground, agreements, each parent's yes, a summary.
			const heldNow = conversationIds.get(day);
			if (heldNow) {
				const index = conversationDays.indexOf(day);
				setClock(dayStart(day) + 8 * 3_600_000);
				await pull(fatima);
				const links = (await readSpace(fatima.db, spaceId)).links;
				for (let i = 0; i < LINKS_PER_CONVERSATION; i++) {
					pass(1);
					await setLink(
						fatima.db,
						spaceId,
						links,
						fatima.memberId,
						pick(parents[0]!.statements),
						pick(parents[1]!.statements),
						true
					);
				}
				// New agreements, and a new version of some earlier ones.
				const versionIds: string[] = [];
				for (const agreementId of toRevise.splice(0, toRevise.length)) {
					pass(2);
					const view = (await readSpace(fatima.db, spaceId)).agreements.find(
						(a) => a.id === agreementId
					)!;
					const draft = { theme: view.current.theme, text: words(100, 600), who: words(10, 80) };
					const edited = await editAgreement(fatima.db, spaceId, view, draft, heldNow);
					if (typeof edited === 'string') throw new Error(edited);
					versionIds.push(edited.id);
					const wanted = agreementVersions[agreementIds.indexOf(agreementId)]!;
					if (view.versions.length + 1 < wanted) toRevise.push(agreementId);
				}
				const from = Math.floor((AGREEMENTS * index) / CONVERSATIONS);
				const to = Math.floor((AGREEMENTS * (index + 1)) / CONVERSATIONS);
				for (let i = from; i < to; i++) {
					pass(2);
					const made = await proposeAgreement(
						fatima.db,
						spaceId,
						{
							theme: pick(THEMES),
							text: words(100, 600),
							who: words(10, 80),
							...(random() < 0.5 ? { reviewOn: dateIn(90) } : {})
						},
						heldNow
					);
					if (typeof made === 'string') throw new Error(made);
					agreementIds.push(made.agreementId);
					versionIds.push(made.id);
					if (agreementVersions[i]! > 1) toRevise.push(made.agreementId);
				}
				await send(fatima);

				// Mostly on their own phone; now and then written down by a counsellor in the room.
				const witnessed: [string, string][] = [];
				for (const parent of parents) {
					await pull(parent.phone);
					for (const versionId of versionIds) {
						if (random() < 0.2) {
							witnessed.push([versionId, parent.memberId]);
							continue;
						}
						pass(1);
						const yes = await confirmVersion(parent.phone.db, spaceId, versionId, parent.memberId);
						expect(typeof yes).toBe('object');
					}
					await send(parent.phone);
				}
				await pull(fatima);
				for (const [versionId, parentId] of witnessed) {
					pass(1);
					const yes = await confirmVersion(fatima.db, spaceId, versionId, parentId);
					expect(typeof yes).toBe('object');
				}
				pass();
				const space = await readSpace(fatima.db, spaceId);
				await closeConversation(fatima.db, spaceId, {
					conversationId: heldNow,
					agendaItemIds: space.agendaItems
						.filter((a) => a.conversationId === heldNow)
						.map((a) => a.id),
					themes: [pick(THEMES), pick(THEMES)].filter((t, i, all) => all.indexOf(t) === i),
					versionIds,
					...(index + 1 < CONVERSATIONS ? { next: { date: dateIn(30) } } : {})
				});
				await send(fatima);
			}

			// Devices catch up now and then besides: a parent's at least every third day, a
			// counsellor's every week (what they send then is in the log too).
			setClock(dayStart(day) + 20 * 3_600_000);
			for (const d of everyDevice()) {
				const every = counsellors.includes(d) ? 7 : 3;
				if (day - (pulledOn.get(d.db) ?? -1) < every) continue;
				pass(1);
				await pull(d);
			}
		}
		for (const d of everyDevice()) await pull(d);

		// Honest: nothing was set aside anywhere, and everything arrived.
		for (const d of everyDevice()) expect(await d.db.syncProblems.toArray()).toEqual([]);
		const sanneSees = (await sanne.db.shared.toArray()).filter((r) => !r.removed);
		expect(sanneSees.length).toBe(
			parents.reduce((n, p) => n + p.statements.length + p.reflections.length, 0)
		);
		const yearSeq = await lastSeq();

		// After the year: what one more new device costs, once a year has been written.
		const anna = parents[0]!;
		if (DAYS === YEAR) {
			setClock(dayStart(YEAR) + 9 * 3_600_000);
			await event(
				AFTER,
				() => newPhone(anna, `${anna.name}'s phone after the year`),
				() => anna.phone.db
			);
			for (const d of everyDevice()) expect(await d.db.syncProblems.toArray()).toEqual([]);
		}
		const simulated = performance.now() - started;

		// Every op in the log, opened with the members' keys to tell what it is.
		const readers = new Map<KoersDatabase, { id: string; encryptionKey: CryptoKey }>();
		const signingKeys = new Map<string, Uint8Array>();
		const posterName = new Map<string, string>();
		for (const [db, label] of labels) {
			const me = await deviceFor(db, spaceId);
			readers.set(db, { id: me.deviceId, encryptionKey: me.encryption.privateKey });
			for (const d of await db.spaceDevices.where('spaceId').equals(spaceId).toArray())
				signingKeys.set(d.deviceId, fromBase64Url(d.signingKey));
			const token = (await db.spaces.get(spaceId))?.token;
			if (token) posterName.set(await sha256Hex(token), label);
		}
		const readOp = async (body: string, first?: KoersDatabase): Promise<Op | undefined> => {
			const envelope: unknown = JSON.parse(body);
			const signer = signingKeys.get(signerOf(envelope) ?? '');
			if (!signer) return undefined;
			const order = [first, sanne.db, fatima.db, ...labels.keys()];
			for (const db of order.filter((d, i) => d && order.indexOf(d) === i)) {
				const opened = await open(envelope, readers.get(db!)!, signer, { spaceId });
				if (opened.ok) return parseOp(opened.payload);
			}
			return undefined;
		};

		interface Tally {
			ops: number;
			bytes: number;
			largest: number;
		}
		const tally = (map: Map<string, Tally>, key: string, size: number) => {
			const t = map.get(key) ?? { ops: 0, bytes: 0, largest: 0 };
			t.ops++;
			t.bytes += size;
			t.largest = Math.max(t.largest, size);
			map.set(key, t);
		};
		const byKind = new Map<string, Tally>();
		const byEvent = new Map<string, { kinds: Map<string, Tally>; posters: Map<string, Tally> }>();
		const seen = new Map<string, Set<string>>();
		let largest = { size: 0, kind: '' };
		const rows = await sql.query<{ seq: number; size: number; token_hash: string; body: string }>(
			'SELECT seq, size, token_hash, body FROM relay_ops WHERE space_id = $1 ORDER BY seq',
			[spaceId]
		);
		for (const row of rows) {
			const seq = Number(row.seq);
			const at = events.get(seq);
			const op = await readOp(row.body, at?.reader);
			const kind = op ? kindOf(op, seen) : 'not readable by any member';
			if (at) {
				const e = byEvent.get(at.event) ?? { kinds: new Map(), posters: new Map() };
				tally(e.kinds, kind, row.size);
				tally(e.posters, posterName.get(row.token_hash) ?? row.token_hash, row.size);
				byEvent.set(at.event, e);
			}
			if (seq > yearSeq) continue;
			const counted = at ? at.event : kind;
			tally(byKind, counted, row.size);
			if (row.size > largest.size) largest = { size: row.size, kind: counted };
		}
		expect(byKind.get('not readable by any member')).toBeUndefined();

		const sum = (ts: (Tally | undefined)[]) =>
			ts.reduce((a, t) => ({ ops: a.ops + (t?.ops ?? 0), bytes: a.bytes + (t?.bytes ?? 0) }), {
				ops: 0,
				bytes: 0
			});
		const year = sum([...byKind.values()]);
		expect(year.ops).toBe(yearSeq);
		// What the relay itself counts against the quota: the same bytes.
		const [held] = await sql.query<{ bytes: number }>(
			'SELECT bytes FROM relay_spaces WHERE space_id = $1',
			[spaceId]
		);
		expect(Number(held!.bytes)).toBe(rows.reduce((n, r) => n + r.size, 0));
		// The most one device sent in one (simulated) day, against the relay's daily limit.
		const [busiest] = await sql.query<{ token_hash: string; day: string; bytes: number }>(
			`SELECT token_hash, to_char(received_at, 'YYYY-MM-DD') AS day, sum(size) AS bytes
			 FROM relay_ops WHERE space_id = $1 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
			[spaceId]
		);
		const MIB = 1024 * 1024;
		const mib = (bytes: number) => `${(bytes / MIB).toFixed(2)} MiB`;
		const once = sum([JOINING, NEW_PHONE, NEW_STATEMENT].map((k) => byKind.get(k)));
		const scale = YEAR / DAYS;
		const scaled = {
			ops: Math.round(once.ops + (year.ops - once.ops) * scale),
			bytes: once.bytes + (year.bytes - once.bytes) * scale
		};
		const newPhones = byKind.get(NEW_PHONE);
		const after = byEvent.get(AFTER);
		const pad = (v: string | number, n: number) => String(v).padStart(n);
		const table = (map: Map<string, Tally>, total: number, indent = '') => [
			...[...map.entries()]
				.sort((a, b) => b[1].bytes - a[1].bytes)
				.map(
					([kind, t]) =>
						`${indent}${kind.padEnd(56 - indent.length)}${pad(t.ops, 6)}` +
						`${pad((t.bytes / 1024).toFixed(1), 9)}${pad(Math.round(t.bytes / t.ops), 8)}` +
						`${pad(t.largest, 8)}${pad(((100 * t.bytes) / total).toFixed(1) + '%', 7)}`
				)
		];
		const eventLines = (name: string) => {
			const e = byEvent.get(name);
			if (!e) return [];
			const total = sum([...e.kinds.values()]);
			return [
				'',
				`${name}: ${total.ops} ops, ${mib(total.bytes)}`,
				'  what they are:',
				...table(e.kinds, total.bytes, '    '),
				'  who sent them:',
				...table(e.posters, total.bytes, '    ')
			];
		};
		const lines = [
			'',
			'Koers: one family space, a heavy year at the relay',
			`Simulated ${DAYS} day(s) through the real code` +
				(DAYS < YEAR
					? `; the rest scaled linearly to ${YEAR} days (joining, new statements, new phones once)`
					: ''),
			'  2 counsellors; 2 parents with a phone and a laptop each' +
				(DAYS > NEW_PHONE_DAY ? '; a new phone per parent mid-year' : ''),
			`  per parent: ${STATEMENTS_PER_PARENT} statements (300-1500 chars), ~${EDITS_PER_PARENT} edits,` +
				` ~${REFLECTIONS_PER_PARENT} reflections (200-1000 chars), all shared with everyone`,
			`  ${CONVERSATIONS} conversations with agendas, ${AGREEMENTS} agreements (1-3 versions, both` +
				` parents' yes to each), ~${NOTES} counsellor notes (200-1500 chars)`,
			'',
			`ops in the log:   ${year.ops}${DAYS < YEAR ? ` (a year: ~${scaled.ops})` : ''}`,
			`bytes in the log: ${year.bytes} = ${mib(year.bytes)}` +
				(DAYS < YEAR ? ` (a year: ~${mib(scaled.bytes)})` : ''),
			`average op:       ${Math.round(year.bytes / year.ops)} B`,
			`largest op:       ${largest.size} B (${largest.kind})`,
			...(newPhones
				? [
						`without the new phones: ${year.ops - newPhones.ops} ops, ` +
							mib(year.bytes - newPhones.bytes)
					]
				: []),
			'',
			`${'kind'.padEnd(56)}${pad('ops', 6)}${pad('KiB', 9)}${pad('avg B', 8)}${pad('max B', 8)}${pad('share', 7)}`,
			...table(byKind, year.bytes),
			...eventLines(JOINING),
			...eventLines(NEW_PHONE),
			...(after
				? [
						...eventLines(AFTER),
						`  (the log is then ${mib(year.bytes + sum([...after.kinds.values()]).bytes)})`
					]
				: []),
			'',
			`the relay's own count for the quota (relay_spaces.bytes): ${held!.bytes} B`,
			`the most one device sent in one day: ${mib(Number(busiest!.bytes))}` +
				` (${posterName.get(busiest!.token_hash) ?? '?'}, ${busiest!.day})`,
			'',
			`took ${(simulated / 1000).toFixed(0)} s to simulate, ` +
				`${((performance.now() - started - simulated) / 1000).toFixed(0)} s to read the log`,
			''
		];
		console.log(lines.join('\n'));
	});
});
