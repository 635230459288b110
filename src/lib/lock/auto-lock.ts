import { chooseIdleMinutes } from '$lib/domain/app-lock';
import { flushPendingSaves } from '$lib/db/pending-saves';
import { currentDataKey, forgetDataKey } from './data-key';

/**
 * Locks an open Koers again: after the chosen idle time, when the page goes to the
 * background, and when another tab locks. Locking saves what is being typed, forgets the
 * key and reloads: nothing read while open stays in memory, and the start asks for the code.
 * A file picker or the camera holds the lock off (on a phone they send the page to the
 * background); the conversation screen on the counsellors' TV pauses the idle time only.
 */
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;
const CHANNEL = 'koers.lock';

let idleMs = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let holds = 0;
let pauses = 0;
let channel: BroadcastChannel | undefined;
let locking = false;

export function startAutoLock(minutes: unknown): void {
	idleMs = chooseIdleMinutes(minutes) * 60_000;
	if (channel) return restartIdle();
	for (const type of ACTIVITY) {
		addEventListener(type, restartIdle, { capture: true, passive: true });
	}
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden' && holds === 0) void lockNow();
	});
	channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (event) => {
		if (event.data === 'lock') void lockNow({ tellOtherTabs: false });
	};
	restartIdle();
}

function restartIdle() {
	clearTimeout(timer);
	if (!channel || pauses > 0 || holds > 0) return;
	timer = setTimeout(() => void lockNow(), idleMs);
}

/** Locks this tab (and, unless told otherwise, every other open tab of Koers). */
export async function lockNow({ tellOtherTabs = true } = {}): Promise<void> {
	if (locking || !currentDataKey()) return;
	locking = true;
	// The same frame: nothing stays in view while the page saves and reloads.
	document.documentElement.classList.add('left');
	await Promise.race([flushPendingSaves(), new Promise((resolve) => setTimeout(resolve, 1000))]);
	forgetDataKey();
	if (tellOtherTabs) tellTabs();
	location.reload();
}

/** Tells other open tabs to lock, for "Snel weg" too. */
export function tellTabs(): void {
	const sender = channel ?? new BroadcastChannel(CHANNEL);
	sender.postMessage('lock');
	if (sender !== channel) sender.close();
}

/** While a file picker or the camera is open: no lock at all. Returns the release. */
export function holdLock(): () => void {
	return hold(
		() => holds++,
		() => holds--
	);
}

/** While the conversation is shown on a shared screen: no idle lock. Returns the release. */
export function pauseIdleLock(): () => void {
	return hold(
		() => pauses++,
		() => pauses--
	);
}

function hold(take: () => void, give: () => void): () => void {
	take();
	clearTimeout(timer);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		give();
		restartIdle();
	};
}

/**
 * For a file input (`{@attach holdWhilePicking}`): the lock holds from the click until a
 * file is chosen or the picker is closed.
 */
export function holdWhilePicking(input: HTMLInputElement): () => void {
	let release: (() => void) | undefined;
	const end = () => {
		release?.();
		release = undefined;
	};
	const start = () => {
		end();
		release = holdLock();
	};
	input.addEventListener('click', start);
	input.addEventListener('change', end);
	input.addEventListener('cancel', end);
	return () => {
		end();
		input.removeEventListener('click', start);
		input.removeEventListener('change', end);
		input.removeEventListener('cancel', end);
	};
}
