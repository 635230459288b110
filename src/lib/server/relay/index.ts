import { env } from '$env/dynamic/private';
import { dataDirectory } from '../config';
import { openRelay, type Relay } from './open-relay';
import { earlyRefusal, relayContext, type RelayContext } from './protocol';
import { relaySettings } from './settings';

let opening: Promise<Relay> | undefined;
let protocol: Promise<RelayContext> | undefined;

/** The server's one relay connection, opened (and migrated) on first use. */
export function relay(): Promise<Relay> {
	if (!opening) {
		opening = openRelay({ databaseUrl: env.DATABASE_URL || undefined, dataDir: dataDirectory() });
		// Close cleanly when the server stops, so the embedded database is never left mid-write.
		process.once('sveltekit:shutdown', () => void opening?.then((r) => r.store.close()));
	}
	return opening;
}

/** Where scripts/start.js finds the relay's first gate (it runs outside the app's bundle). */
const RELAY_GATE = Symbol.for('koers.relay.gate');

/** What the API routes answer with: the store, the settings and this process's limits. */
export function relayProtocol(): Promise<RelayContext> {
	protocol ??= relay().then((r) => {
		const ctx = relayContext(r.store, { settings: relaySettings(env), storage: r.storage });
		(globalThis as Record<symbol, unknown>)[RELAY_GATE] = (address: string, auth: string) =>
			earlyRefusal(ctx, address, auth);
		return ctx;
	});
	return protocol;
}
