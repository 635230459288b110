/** When the home screen gently reminds a person to make a backup. */
const DAY_MS = 24 * 60 * 60 * 1000;
/** A backup older than this gets a gentle reminder on the home screen. */
export const BACKUP_OLD_DAYS = 30;
/** A person who never made one is reminded once they used Koers for a week. */
const FIRST_REMINDER_DAYS = 7;
/** "Later" quiets the reminder for two weeks. */
export const REMINDER_QUIET_DAYS = 14;

/** Whether to remind of a backup now: 'never' made, 'old', or not at all. */
export function backupReminder(
	lastBackup: string | undefined,
	since: string,
	quietSince: string | undefined,
	now: Date
): 'never' | 'old' | undefined {
	const daysAgo = (iso: string) => (now.getTime() - Date.parse(iso)) / DAY_MS;
	if (quietSince && daysAgo(quietSince) < REMINDER_QUIET_DAYS) return undefined;
	if (lastBackup) return daysAgo(lastBackup) > BACKUP_OLD_DAYS ? 'old' : undefined;
	return daysAgo(since) > FIRST_REMINDER_DAYS ? 'never' : undefined;
}
