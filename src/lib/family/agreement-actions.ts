import { currentProfile } from '$lib/db/current-profile';
import type { KoersDatabase } from '$lib/db/database';
import {
	isValidConfirmation,
	newVersion,
	type AgreementDraft,
	type AgreementProblem,
	type AgreementVersion,
	type Confirmation
} from '$lib/domain/agreements';
import { findItem, saveItem } from '$lib/family/sync/items';
import { readSpace, type AgreementView } from './space-view';

/**
 * What a person does with agreements on this device: propose one, change it (a new version
 * of their own, never an edit of someone else's record) and confirm a version. The rules
 * themselves live in the domain; these save the records that follow from them.
 */
export const UNCHANGED = 'unchanged';
export type EditResult = AgreementVersion | AgreementProblem | typeof UNCHANGED;

export const CONFIRM_REFUSALS = ['not-allowed', 'already-confirmed', 'unknown-version'] as const;
export type ConfirmRefusal = (typeof CONFIRM_REFUSALS)[number];

/** The record as it travels: author and id are the item's owner and key. */
async function saveVersion(
	db: KoersDatabase,
	spaceId: string,
	version: AgreementVersion,
	conversationId?: string
): Promise<void> {
	const payload: Record<string, unknown> = {
		...version,
		...(conversationId ? { conversationId } : {})
	};
	delete payload.id;
	delete payload.author;
	await saveItem(db, spaceId, 'agreements', version.id, payload);
}

async function writeVersion(
	db: KoersDatabase,
	spaceId: string,
	draft: AgreementDraft,
	agreementId: string,
	conversationId?: string,
	unchangedFrom?: AgreementVersion
): Promise<EditResult> {
	const profile = await currentProfile(db);
	const ids = { id: crypto.randomUUID(), agreementId, author: profile.memberId };
	const version = newVersion(draft, ids, new Date());
	if (typeof version === 'string') return version;
	if (unchangedFrom && sameContent(version, unchangedFrom)) return UNCHANGED;
	await saveVersion(db, spaceId, version, conversationId);
	return version;
}

/** A new agreement, proposed by whoever is on this device; nobody has confirmed it yet. */
export async function proposeAgreement(
	db: KoersDatabase,
	spaceId: string,
	draft: AgreementDraft,
	conversationId?: string
): Promise<AgreementVersion | AgreementProblem> {
	const result = await writeVersion(db, spaceId, draft, crypto.randomUUID(), conversationId);
	// Only an edit can be unchanged.
	return result as AgreementVersion | AgreementProblem;
}

const CONTENT = ['theme', 'text', 'who', 'byWhen', 'reviewOn'] as const;

/** Blank space around the words does not count as a change (as for statements). */
function sameContent(a: AgreementVersion, b: AgreementVersion): boolean {
	return CONTENT.every((key) => (a[key] ?? '').trim() === (b[key] ?? '').trim());
}

/**
 * A changed agreement: a new version that both parents must confirm again. Saying the same
 * thing again saves nothing, so nobody has to confirm it twice.
 */
export function editAgreement(
	db: KoersDatabase,
	spaceId: string,
	agreement: AgreementView,
	draft: AgreementDraft,
	conversationId?: string
): Promise<EditResult> {
	return writeVersion(db, spaceId, draft, agreement.id, conversationId, agreement.current);
}

/** Who has which role in the space, as far as this device knows (as the space view reads it). */
/**
 * A parent agrees to one version. The record belongs to whoever is on this device: a parent
 * confirms only for themselves; a counsellor records it for a parent in the room, as
 * witnessed. Anything else, or a second confirmation of the same version, is refused.
 */
export async function confirmVersion(
	db: KoersDatabase,
	spaceId: string,
	versionId: string,
	parentId: string
): Promise<Confirmation | ConfirmRefusal> {
	const profile = await currentProfile(db);
	const version = await findItem(db, spaceId, 'agreements', versionId);
	if (!version || version.removed) return 'unknown-version';
	const space = await readSpace(db, spaceId);
	const roles = space.roles;
	if (!roles.has(profile.memberId)) roles.set(profile.memberId, profile.role);
	const witnessed = profile.memberId !== parentId;
	const confirmation: Confirmation = {
		id: crypto.randomUUID(),
		versionId,
		parentId,
		recordedBy: profile.memberId,
		confirmedAt: new Date().toISOString(),
		...(witnessed ? { witnessed: true } : {})
	};
	if (!isValidConfirmation(confirmation, roles)) return 'not-allowed';
	const existing = space.confirmations;
	if (
		existing.some(
			(c) => c.versionId === versionId && c.parentId === parentId && isValidConfirmation(c, roles)
		)
	)
		return 'already-confirmed';
	await saveItem(db, spaceId, 'confirmations', confirmation.id, {
		versionId,
		parentId,
		confirmedAt: confirmation.confirmedAt,
		...(witnessed ? { witnessed: true } : {})
	});
	return confirmation;
}

/**
 * The parent says a yes a counsellor wrote down for them was not so: it stops counting, and
 * the agreement needs them again. Only for their own witnessed yes.
 */
export async function objectToWitnessedYes(
	db: KoersDatabase,
	spaceId: string,
	confirmationId: string
): Promise<boolean> {
	const profile = await currentProfile(db);
	const space = await readSpace(db, spaceId);
	const confirmation = space.recorded.find((c) => c.id === confirmationId);
	if (!confirmation?.witnessed || confirmation.parentId !== profile.memberId) return false;
	await saveItem(db, spaceId, 'objections', confirmationId, {
		versionId: confirmation.versionId,
		objectedAt: new Date().toISOString()
	});
	return true;
}
