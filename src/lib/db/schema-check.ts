import { MARKER_APP, SCHEMA_VERSION } from './schema';

/** What was found on disk before Koers opened (and possibly upgraded) its database. */
export type StoredDatabase =
	| { exists: false }
	| {
			exists: true;
			version: number;
			tables: readonly string[];
			marker: unknown;
			/** The app lock is on: its records open only with the key. */
			locked?: boolean;
	  };

export type SchemaAssessment =
	| { kind: 'fresh' }
	| { kind: 'current' }
	| { kind: 'older'; from: number }
	| { kind: 'newer'; version: number }
	| { kind: 'foreign' };

/**
 * Decides whether Koers may open the stored database. Dexie 4 opens a database written by
 * a newer version without complaint, and would happily add its tables to someone else's
 * database, so our own marker decides. Anything unexpected is left untouched.
 */
export function assessStoredDatabase(
	stored: StoredDatabase,
	current: number = SCHEMA_VERSION
): SchemaAssessment {
	if (!stored.exists || stored.tables.length === 0) return { kind: 'fresh' };
	if (!stored.tables.includes('meta')) return { kind: 'foreign' };
	const marker = stored.marker as { app?: unknown; version?: unknown } | null | undefined;
	if (typeof marker !== 'object' || marker === null || marker.app !== MARKER_APP) {
		return { kind: 'foreign' };
	}
	if (
		typeof marker.version !== 'number' ||
		!Number.isInteger(marker.version) ||
		marker.version < 1
	) {
		return { kind: 'foreign' };
	}
	const highest = Math.max(marker.version, Math.ceil(stored.version));
	if (highest > current) return { kind: 'newer', version: highest };
	if (marker.version < current) return { kind: 'older', from: marker.version };
	return { kind: 'current' };
}
