/** Three presses of Shift within this time leave Koers, as GOV.UK's "Exit this page" does. */
export const PRESSES = 3;
export const WITHIN_MS = 5000;

export interface KeyPress {
	type: 'keydown' | 'keyup';
	key: string;
	/** True for the events a held key repeats. */
	repeat: boolean;
	/** When it happened, in ms (an event's timeStamp). */
	at: number;
}

/**
 * Counts presses of Shift on its own: pressed and let go with no other key in between. Shift
 * held to type a capital never counts, and any other key starts the count again, so typing
 * never triggers it. Escape is an ordinary key here: it closes dialogs.
 */
export class ShiftPresses {
	#presses: number[] = [];
	#held = false;
	#alone = false;

	/** Returns true on the press that completes three within five seconds. */
	see(event: KeyPress): boolean {
		if (event.key !== 'Shift') {
			if (event.type === 'keydown') {
				this.#alone = false;
				this.#presses = [];
			}
			return false;
		}
		if (event.type === 'keydown') {
			if (!event.repeat) {
				this.#held = true;
				this.#alone = true;
			}
			return false;
		}
		const counts = this.#held && this.#alone;
		this.#held = false;
		if (!counts) return false;
		this.#presses = [...this.#presses.filter((at) => event.at - at < WITHIN_MS), event.at];
		if (this.#presses.length < PRESSES) return false;
		this.#presses = [];
		return true;
	}
}
