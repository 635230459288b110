/** The three things the welcome screen explains, in order. */
export const WELCOME_STEPS = ['write', 'reflect', 'together'] as const;
