/** A type guard for "one of these values", for the fixed lists of the domain. */
export function oneOf<const T extends string>(values: readonly T[]) {
	return (value: unknown): value is T =>
		typeof value === 'string' && (values as readonly string[]).includes(value);
}
