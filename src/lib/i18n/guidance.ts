/** The guiding questions and examples per kind and theme, as numbered in the guidance texts. */
export const KIND_QUESTIONS = ['q1', 'q2', 'q3'] as const;
export const THEME_QUESTIONS = ['q1', 'q2'] as const;
export const EXAMPLES = ['e1', 'e2'] as const;
