/** What a family space's sync can be doing, as shown to the person. */
export const SYNC_STATES = [
	'connecting',
	'up-to-date',
	'waiting',
	'offline',
	'problem',
	'refused',
	'left'
] as const;
export type SyncState = (typeof SYNC_STATES)[number];
/** States told in one fixed sentence (the others need a count or a reason). */
export const PLAIN_SYNC_STATES = ['connecting', 'up-to-date', 'left'] as const;
