/**
 * How much room what a person wrote takes once shared. The relay takes an op of at most
 * 64 KiB; sealed, an op is about 4/3 of its JSON (AES-GCM, then base64url), plus about
 * 1 KiB of envelope and 150 bytes per reader. 36 KiB of content, with the few hundred
 * bytes of ids and stamps around it, seals to about 50 KiB; with 40 readers about 56 KiB.
 */
export const MAX_CONTENT_BYTES = 36 * 1024;

const encoder = new TextEncoder();

/** The UTF-8 bytes of the value's JSON: an emoji takes four, an escaped `"` two. */
export function contentBytes(value: unknown): number {
	return encoder.encode(JSON.stringify(value) ?? '').length;
}

/**
 * About how many characters of `text` must go for `value` to fit in `max` bytes: the bytes
 * too many, at the average size of one character in `text`. Zero when it fits.
 */
export function charactersTooMany(value: unknown, text: string, max = MAX_CONTENT_BYTES): number {
	const over = contentBytes(value) - max;
	if (over <= 0) return 0;
	const characters = Array.from(text).length;
	const bytes = contentBytes(text) - 2;
	return characters === 0 ? over : Math.ceil((over * characters) / bytes);
}
