import { compareIso } from './order';

/**
 * Earlier texts of a statement. Saving happens on every keystroke, so the history keeps
 * one entry per writing session: the text as it stood when the writer stopped, with the
 * time it was last saved. A pause of at least SESSION_GAP_MS starts a new session.
 */
export const SESSION_GAP_MS = 10 * 60 * 1000;

export interface TextVersion {
	id: string;
	statementId: string;
	text: string;
	/** When this text was last saved, before it was changed. */
	savedAt: string;
}

export interface SavedText {
	text: string;
	updatedAt: string;
}

/**
 * Whether saving `nextText` now should first keep the previous text in the history.
 * Restoring an earlier text always keeps the current one (pass `force`).
 */
export function shouldKeepPrevious(
	previous: SavedText,
	nextText: string,
	now: Date,
	force = false
): boolean {
	if (previous.text === nextText || previous.text.trim() === '') return false;
	if (force) return true;
	return now.getTime() - Date.parse(previous.updatedAt) >= SESSION_GAP_MS;
}

/** Newest first; the same text twice in a row is shown once. */
export function historyForDisplay(versions: readonly TextVersion[]): TextVersion[] {
	const sorted = [...versions].sort((a, b) => compareIso(b.savedAt, a.savedAt));
	return sorted.filter((v, i) => i === 0 || v.text !== sorted[i - 1]!.text);
}
