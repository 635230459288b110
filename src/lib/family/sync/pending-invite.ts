/** Where an opened invite waits in this tab while a newcomer first fills in their profile. */
export const PENDING_INVITE_KEY = 'koers:invite';
