import { flushPendingSaves } from '$lib/db/pending-saves';
import { local, readKey, session, writeKey } from '$lib/db/web-storage';
import { currentDataKey, forgetDataKey } from '$lib/lock/data-key';
import { lockIsOn } from '$lib/lock/lock-mark';

/** This tab left with "Snel weg": until the person chooses to come back, nothing is shown. */
const LEFT = 'koers.left';
/** The operator's address for the quick exit, as the settings file last said. */
const DESTINATION = 'koers.quickExitUrl';
/** Koers's own neutral page: when no address is set, or the device is offline. */
export const NEUTRAL_PAGE = '/neutraal.html';
/** What was typed gets this long to be written; leaving does not wait longer. */
export const SAVE_WITHIN_MS = 100;

/** Asks the server where the quick exit goes (the service worker keeps the last answer). */
export async function learnDestination(): Promise<void> {
	try {
		const response = await fetch('/settings.json');
		if (!response.ok) return;
		const { quickExitUrl } = (await response.json()) as { quickExitUrl?: unknown };
		const valid = typeof quickExitUrl === 'string' && quickExitUrl.startsWith('https://');
		writeKey(local, DESTINATION, valid ? quickExitUrl : null);
	} catch {
		// Offline on a first visit: the neutral page until the next start.
	}
}

/** The operator's https address when there is a network; Koers's own neutral page otherwise. */
export function destination(): string {
	const url = readKey(local, DESTINATION);
	return navigator.onLine && url?.startsWith('https://') ? url : NEUTRAL_PAGE;
}

export function leftThisTab(): boolean {
	return readKey(session, LEFT) === '1';
}

export function comeBack(): void {
	writeKey(session, LEFT, null);
	// With the lock on, coming back asks for the code.
	if (lockIsOn() && !currentDataKey()) location.reload();
}

/**
 * Leaves at once. In the same frame the screen goes blank and the tab's title says nothing;
 * what was typed is written (for at most 100 ms); then this history entry is replaced by the
 * destination, so Back finds no Koers screen with content (and this tab, coming back, shows
 * a blank page first).
 */
export async function quickExit(tabTitle: string): Promise<void> {
	document.documentElement.classList.add('left');
	document.title = tabTitle;
	writeKey(session, LEFT, '1');
	await Promise.race([
		flushPendingSaves().catch(() => {}),
		new Promise((done) => setTimeout(done, SAVE_WITHIN_MS))
	]);
	if (lockIsOn()) {
		// A page the browser keeps in its cache holds no key; other tabs lock too.
		forgetDataKey();
		const { tellTabs } = await import('$lib/lock/auto-lock');
		tellTabs();
	}
	location.replace(destination());
}
