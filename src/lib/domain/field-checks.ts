import { characterCount } from './statements';

/**
 * Checks for the fields of what arrives from another device (records and items), shared by
 * their decoders: a value either has exactly the expected type and size, or it is refused.
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_IDS = 200;

export const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
export const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
export const isIds = (v: unknown): v is string[] =>
	Array.isArray(v) && v.length <= MAX_IDS && v.every(isId);
export const isInstant = (v: unknown): v is string =>
	typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
export const isTextOf = (v: unknown, max: number): v is string =>
	typeof v === 'string' && characterCount(v) <= max;
export const onlyKeys = (v: Record<string, unknown>, keys: readonly string[]) =>
	Object.keys(v).every((key) => keys.includes(key));
