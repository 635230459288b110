/** The points of the safety page, in order; their texts are `safety.<list>.<point>`. */
export const QUICK_EXIT_DOES = ['blank', 'kept', 'away', 'back'] as const;
export const QUICK_EXIT_CANNOT = ['history', 'later'] as const;
export const SAFETY_TIPS = ['code', 'unlocked', 'history', 'shares'] as const;
