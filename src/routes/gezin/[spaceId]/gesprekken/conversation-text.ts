import type { SpaceView } from '$lib/family/space-view';
import { formatDay } from '$lib/i18n/format';
import { language, t } from '$lib/i18n/i18n.svelte';

/** How a conversation's day and time read on every planning screen, and on paper. */
export function dayText(date: string): string {
	return formatDay(date, language.current);
}

export function whenText(conversation: { date: string; time?: string }): string {
	const date = dayText(conversation.date);
	return conversation.time ? t('planning.whenAt', { date, time: conversation.time }) : date;
}

/** "Anna, Bart en Fatima": names of members, in the order given. */
export function namesText(view: SpaceView, memberIds: readonly string[]): string {
	const names = memberIds.map((id) => view.nameOf(id) ?? t('planning.someone'));
	return new Intl.ListFormat(language.current, { type: 'conjunction' }).format(names);
}
