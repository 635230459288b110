import type { KoersDatabase } from '$lib/db/database';
import { linkKey, type SharedGroundLink } from '$lib/domain/conversation';
import { saveItem } from '$lib/family/sync/items';

/**
 * Links (or unlinks) two statements as shared ground. Each person keeps one record per
 * pair and changes only their own; the newest word on a pair counts (see livePairs).
 */
export async function setLink(
	db: KoersDatabase,
	spaceId: string,
	links: readonly SharedGroundLink[],
	me: string,
	a: string,
	b: string,
	linked: boolean
): Promise<void> {
	const statementIds = linkKey(a, b);
	const mine = links.find(
		(l) =>
			l.author === me &&
			l.statementIds[0] === statementIds[0] &&
			l.statementIds[1] === statementIds[1]
	);
	await saveItem(db, spaceId, 'links', mine?.id ?? crypto.randomUUID(), {
		statementIds,
		changedAt: new Date().toISOString(),
		...(linked ? {} : { removed: true })
	});
}
