import { describe } from 'vitest';
import { pgliteSql } from './pglite-sql';
import { relayStoreContract } from './store-contract';

describe('relay store on embedded PGlite', () => {
	relayStoreContract(() => pgliteSql());
});
