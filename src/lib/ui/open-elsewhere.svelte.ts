/**
 * Whether the same text is open in another tab or window of Koers on this device, told over
 * a BroadcastChannel: a tab that opens it says so, and tabs that have it open answer.
 */
const CHANNEL = 'koers.editing';

type Message = { type: 'open' | 'here' | 'closed'; id: string };

export class OpenElsewhere {
	elsewhere = $state(false);
	#id: string;
	#channel: BroadcastChannel | undefined;
	#close = () => this.dispose();

	constructor(id: string) {
		this.#id = id;
		if (typeof BroadcastChannel === 'undefined') return;
		this.#channel = new BroadcastChannel(CHANNEL);
		this.#channel.onmessage = ({ data }: MessageEvent<Message>) => {
			if (data?.id !== this.#id) return;
			if (data.type === 'closed') this.elsewhere = false;
			else this.elsewhere = true;
			if (data.type === 'open') this.#say('here');
		};
		this.#say('open');
		addEventListener('pagehide', this.#close);
	}

	#say(type: Message['type']) {
		this.#channel?.postMessage({ type, id: this.#id } satisfies Message);
	}

	dispose(): void {
		removeEventListener('pagehide', this.#close);
		this.#say('closed');
		this.#channel?.close();
		this.#channel = undefined;
	}
}
