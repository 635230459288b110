import { t } from '$lib/i18n/i18n.svelte';
import { EXPLAINED_REFUSALS } from '$lib/family/sync/relay-client';
import type { SyncState } from '$lib/family/sync/sync-state';

const explained: readonly string[] = EXPLAINED_REFUSALS;

function reasonOf(code: string | undefined) {
	return code && explained.includes(code)
		? (code as (typeof EXPLAINED_REFUSALS)[number])
		: 'refused';
}

/** One sentence for the state of a family space (needs the family texts). */
export function syncMessage(sync: { state: SyncState; waiting: number; problem?: string }): string {
	switch (sync.state) {
		case 'offline':
			return sync.waiting ? t('sync.offlineWaiting', { count: sync.waiting }) : t('sync.offline');
		case 'problem':
			return t('sync.problem', { reason: t(`sync.reason.${reasonOf(sync.problem)}`) });
		case 'waiting':
			return t('sync.waiting', { count: sync.waiting });
		case 'refused':
			return t('sync.refused');
		default:
			return t(`sync.${sync.state}`);
	}
}
