import type { PlanningProblem } from '$lib/family/planning-actions';
import { TOPIC_MAX_LENGTH } from '$lib/family/planning-actions';
import { t } from '$lib/i18n/i18n.svelte';

/** What went wrong, in plain words; literal keys, so every text stays checked. */
export function problemText(problem: PlanningProblem | 'failed'): string {
	switch (problem) {
		case 'not-counsellor':
			return t('planning.problems.notCounsellor');
		case 'date':
			return t('planning.problems.date');
		case 'date-past':
			return t('planning.problems.datePast');
		case 'time':
			return t('planning.problems.time');
		case 'participants':
			return t('planning.problems.participants');
		case 'not-found':
			return t('planning.problems.notFound');
		case 'not-yours':
			return t('planning.problems.notYours');
		case 'cancelled':
			return t('planning.problems.cancelled');
		case 'topic-empty':
			return t('planning.problems.topicEmpty');
		case 'topic-too-long':
			return t('planning.problems.topicTooLong', { max: TOPIC_MAX_LENGTH });
		case 'failed':
			return t('planning.problems.failed');
	}
}
