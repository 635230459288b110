import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelay } from './open-relay';
import { pgliteSql } from './pglite-sql';
import { relayStoreContract } from './store-contract';

describe('relay store on embedded PGlite', () => {
	relayStoreContract(() => pgliteSql());

	it('keeps its log in files under the data folder, across restarts', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'koers-relay-'));
		try {
			const first = await openRelay({ dataDir });
			expect(first.storage).toBe('embedded');
			await first.store.append('space', 'token', ['kept'], new Date());
			await first.store.close();
			const second = await openRelay({ dataDir });
			expect((await second.store.since('space', 0, 10)).map((op) => op.body)).toEqual(['kept']);
			await second.store.close();
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	}, 60_000);
});
