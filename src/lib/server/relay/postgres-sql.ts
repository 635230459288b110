import pg from 'pg';
import type { Sql } from './store';

/** PostgreSQL from DATABASE_URL: for several relay processes behind one database. */
export function postgresSql(connectionString: string): Sql {
	const pool = new pg.Pool({ connectionString, max: 10 });
	// An idle connection that drops (database restart) must not end the process.
	pool.on('error', (error) => console.error('Relay database connection lost', error.message));
	const listener = new Listener(connectionString);
	return {
		query: async <T>(text: string, params?: unknown[]) =>
			(await pool.query(text, params)).rows as T[],
		async transaction(work) {
			const client = await pool.connect();
			try {
				await client.query('BEGIN');
				const result = await work({
					query: async <T>(text: string, params?: unknown[]) =>
						(await client.query(text, params)).rows as T[]
				});
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		},
		listen: (channel, onPayload) => listener.listen(channel, onPayload),
		async close() {
			await listener.close();
			await pool.end();
		}
	};
}

const RETRY_MS = [250, 1000, 5000];

/**
 * LISTEN needs a connection of its own that stays open (a pooled one is handed to others).
 * When it drops, it reconnects and listens again; what was announced meanwhile is lost,
 * so listeners must not depend on every announcement (the relay's streams catch up at
 * their next ping).
 */
class Listener {
	#channels = new Map<string, Set<(payload: string) => void>>();
	#client: Promise<pg.Client> | undefined;
	#retries = 0;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#closed = false;
	readonly #connectionString: string;

	constructor(connectionString: string) {
		this.#connectionString = connectionString;
	}

	async listen(channel: string, onPayload: (payload: string) => void) {
		if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Unusable channel name ${channel}`);
		const client = await this.#connected();
		let handlers = this.#channels.get(channel);
		if (!handlers) {
			handlers = new Set();
			this.#channels.set(channel, handlers);
			await client.query(`LISTEN ${channel}`);
		}
		handlers.add(onPayload);
		return async () => {
			handlers.delete(onPayload);
			if (handlers.size > 0 || this.#channels.get(channel) !== handlers) return;
			this.#channels.delete(channel);
			const current = await this.#client?.catch(() => undefined);
			await current?.query(`UNLISTEN ${channel}`).catch(() => undefined);
		};
	}

	async close() {
		this.#closed = true;
		clearTimeout(this.#retry);
		const client = await this.#client?.catch(() => undefined);
		this.#client = undefined;
		await client?.end().catch(() => undefined);
	}

	#connected(): Promise<pg.Client> {
		if (this.#closed) return Promise.reject(new Error('The relay store is closed'));
		this.#client ??= this.#open();
		return this.#client;
	}

	async #open(): Promise<pg.Client> {
		const client = new pg.Client({ connectionString: this.#connectionString });
		client.on('notification', (message) => {
			for (const onPayload of this.#channels.get(message.channel) ?? []) {
				onPayload(message.payload ?? '');
			}
		});
		let lost = false;
		const onLost = () => {
			if (lost) return;
			lost = true;
			this.#client = undefined;
			client.end().catch(() => undefined);
			this.#reconnectLater();
		};
		client.on('error', onLost);
		client.on('end', onLost);
		try {
			await client.connect();
			for (const channel of this.#channels.keys()) await client.query(`LISTEN ${channel}`);
		} catch (error) {
			onLost();
			throw error;
		}
		this.#retries = 0;
		return client;
	}

	#reconnectLater() {
		if (this.#closed || this.#channels.size === 0 || this.#retry) return;
		const delay = RETRY_MS[Math.min(this.#retries++, RETRY_MS.length - 1)];
		this.#retry = setTimeout(() => {
			this.#retry = undefined;
			this.#connected().catch((error: Error) =>
				console.error('Relay listener could not reconnect', error.message)
			);
		}, delay);
	}
}
