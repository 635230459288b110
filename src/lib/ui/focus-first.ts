import type { Attachment } from 'svelte/attachments';

/**
 * A form that appears in place of the button that opened it takes the focus on its first
 * field (of a group of options, the chosen one), so a keyboard user goes on where they were.
 */
export const focusFirstField: Attachment<HTMLElement> = (form) => {
	const first = form.querySelector<HTMLElement>('input, select, textarea');
	const chosen =
		first instanceof HTMLInputElement && first.type === 'radio'
			? form.querySelector<HTMLElement>(`input[name="${CSS.escape(first.name)}"]:checked`)
			: undefined;
	(chosen ?? first)?.focus();
};
