export interface NoticeAction {
	label: string;
	run: () => void | Promise<void>;
}

export interface Notice {
	id: number;
	message: string;
	action?: NoticeAction;
}

/**
 * One short message at a time at the bottom of the screen, often with "Ongedaan maken".
 * It stays until the person closes it, a next one replaces it, or they leave the page:
 * an undo must not vanish before a slow reader or keyboard user reaches it.
 */
class Notices {
	current = $state<Notice | undefined>();
	#next = 1;

	show(message: string, action?: NoticeAction): void {
		this.current = { id: this.#next++, message, action };
	}

	dismiss(): void {
		this.current = undefined;
	}

	async act(): Promise<void> {
		const action = this.current?.action;
		this.current = undefined;
		await action?.run();
	}
}

export const notices = new Notices();
