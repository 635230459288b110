/** The kinds of things a person knows by name in a backup; everything else counts as "other". */
export const NAMED_GROUPS = [
	'profile',
	'statements',
	'statementVersions',
	'reflections',
	'children',
	'spaces'
] as const;
export type BackupGroup = (typeof NAMED_GROUPS)[number] | 'other';
export const BACKUP_GROUPS: readonly BackupGroup[] = [...NAMED_GROUPS, 'other'];

export const groupOf = (table: string): BackupGroup =>
	(NAMED_GROUPS as readonly string[]).includes(table) ? (table as BackupGroup) : 'other';

/** What can go wrong while making a backup. */
export const MAKE_PROBLEMS = ['passphraseTooShort', 'mismatch', 'failed'] as const;
export type MakeProblem = (typeof MAKE_PROBLEMS)[number];
