import pg from 'pg';
import type { Sql } from './store';

/** PostgreSQL from DATABASE_URL: for several relay processes behind one database. */
export function postgresSql(connectionString: string): Sql {
	const pool = new pg.Pool({ connectionString, max: 10 });
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
		close: () => pool.end()
	};
}
