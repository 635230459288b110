import type { AdmitProblem } from '$lib/domain/membership';
import { t } from '$lib/i18n/i18n.svelte';

const TEXTS: Record<AdmitProblem, () => string> = {
	'not-a-member': () => t('invite.refusal.notAMember'),
	'not-a-counsellor': () => t('invite.refusal.notACounsellor'),
	'other-person': () => t('invite.refusal.otherPerson'),
	'two-parents': () => t('invite.refusal.twoParents'),
	'not-returning': () => t('invite.refusal.notReturning')
};

/** Why this device may not let the answering device in, in words (needs the family texts). */
export function admitRefusalText(problem: AdmitProblem): string {
	return TEXTS[problem]();
}
