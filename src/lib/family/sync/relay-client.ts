/**
 * The relay's HTTP API (docs/sync.md) as functions. Every failure becomes a RelayError with
 * the relay's code, or 'offline' when the relay could not be reached at all.
 */
/** Refusals the app explains in words; any other is "the server refused the request". */
export const EXPLAINED_REFUSALS = [
	'rate-limited',
	'too-large',
	'malformed',
	'quota-reached',
	'too-many-streams'
] as const;

export class RelayError extends Error {
	constructor(
		readonly code: string,
		readonly status = 0,
		/** The relay's answer, for refusals that say more (a full space: its use and quota). */
		readonly body: Record<string, unknown> = {}
	) {
		super(code);
	}
}

async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	let response: Response;
	try {
		response = await fetch(path, { ...init, headers, cache: 'no-store' });
	} catch {
		throw new RelayError('offline');
	}
	if (!response.ok) {
		const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
		const code = typeof body.error === 'string' ? body.error : undefined;
		throw new RelayError(
			code ?? (response.status >= 500 ? 'unavailable' : 'refused'),
			response.status,
			body
		);
	}
	return (await response.json()) as T;
}

const post = (path: string, body: unknown, token?: string) =>
	call<Record<string, unknown>>(path, { method: 'POST', body: JSON.stringify(body), token });

const base = (spaceId: string) => `/api/spaces/${encodeURIComponent(spaceId)}`;

export function createSpaceOnRelay(spaceId: string, token: string) {
	return post('/api/spaces', { spaceId, token });
}

/** How much of its quota a space holds on the relay, in bytes. */
export interface RelayUse {
	used: number;
	quota: number;
}

export async function appendOnRelay(spaceId: string, token: string, ops: string[]) {
	return call<{ seqs: number[] } & RelayUse>(`${base(spaceId)}/ops`, {
		method: 'POST',
		body: JSON.stringify({ ops }),
		token
	});
}

export async function postOps(spaceId: string, token: string, ops: string[]): Promise<number[]> {
	return (await appendOnRelay(spaceId, token, ops)).seqs;
}

export function fetchOps(spaceId: string, token: string, after: number, limit = 500) {
	return call<{ ops: { seq: number; body: string; from: string }[]; last: number } & RelayUse>(
		`${base(spaceId)}/ops?after=${after}&limit=${limit}`,
		{ token }
	);
}

export function registerInvite(
	spaceId: string,
	token: string,
	inviteHash: string,
	expiresAt: Date,
	admin = false
) {
	const body = { inviteHash, expiresAt: expiresAt.getTime(), ...(admin ? { admin } : {}) };
	return post(`${base(spaceId)}/invites`, body, token);
}

export async function joinOnRelay(spaceId: string, invite: string, token: string, hello: string) {
	return (await post(`${base(spaceId)}/join`, { invite, token, hello })).seq as number;
}

export function revokeOnRelay(spaceId: string, token: string, tokenHash: string) {
	return post(`${base(spaceId)}/revoke`, { tokenHash }, token);
}

/** What the relay's event stream tells about one space. */
export type LiveEvent = { space: string; last: number } | { space: string; refused: string };

function liveEvent(data: string): LiveEvent | undefined {
	try {
		const event = JSON.parse(data) as Record<string, unknown>;
		if (typeof event.space !== 'string') return undefined;
		if (Number.isSafeInteger(event.last)) return { space: event.space, last: event.last as number };
		if (typeof event.refused === 'string') return { space: event.space, refused: event.refused };
	} catch {
		// Not an event of ours: skipped.
	}
	return undefined;
}

/**
 * Listens to the live announcements of all the device's spaces over one stream
 * (server-sent events over fetch, so tokens go in the body, not in the address). Calls
 * `onEvent` for each; resolves when the stream ends, rejects with a RelayError when it
 * cannot be opened.
 */
export async function listen(
	spaces: { spaceId: string; token: string }[],
	onEvent: (event: LiveEvent) => void,
	signal: AbortSignal
): Promise<void> {
	let response: Response;
	try {
		response = await fetch('/api/events', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
			body: JSON.stringify({ spaces }),
			cache: 'no-store',
			signal
		});
	} catch {
		throw new RelayError(signal.aborted ? 'stopped' : 'offline');
	}
	if (!response.ok || !response.body) {
		const body = (await response.json().catch(() => ({}))) as { error?: string };
		throw new RelayError(body.error ?? 'unavailable', response.status);
	}
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) return;
			buffer += value;
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const lines = buffer.slice(0, end).split('\n');
				buffer = buffer.slice(end + 2);
				const data = lines.find((line) => line.startsWith('data:'));
				const event = data ? liveEvent(data.slice(5).trim()) : undefined;
				if (event) onEvent(event);
			}
		}
	} catch {
		// The connection dropped (relay stopped, network gone): the caller reconnects.
	}
}
