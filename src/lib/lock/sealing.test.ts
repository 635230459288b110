import { describe, expect, it } from 'vitest';
import type { DBCoreTableSchema } from 'dexie';
import { layoutOf, openRecord, sealRecord } from './sealing';

const schema = {
	name: 'statements',
	primaryKey: { keyPath: 'id', autoIncrement: false },
	indexes: [{ keyPath: 'kind' }, { keyPath: 'updatedAt' }]
} as unknown as DBCoreTableSchema;
const layout = layoutOf('statements', schema);
const key = crypto.getRandomValues(new Uint8Array(32));
const record = {
	id: 's1',
	kind: 'vision',
	updatedAt: 'T',
	order: 2,
	payload: { text: 'Mijn visie' }
};

describe('a sealed record', () => {
	it('keeps only what the indexes need beside the seal', () => {
		const sealed = sealRecord(key, layout, record) as Record<string, unknown>;
		expect(Object.keys(sealed).sort()).toEqual(['id', 'kind', 'sealed', 'updatedAt']);
		expect(openRecord(key, layout, sealed)).toEqual(record);
	});

	it('does not open with another key, moved to another record, or changed by one byte', () => {
		const sealed = sealRecord(key, layout, record) as Record<string, unknown> & {
			sealed: Uint8Array;
		};
		const otherKey = crypto.getRandomValues(new Uint8Array(32));
		expect(() => openRecord(otherKey, layout, sealed)).toThrow();
		expect(() => openRecord(key, layout, { ...sealed, id: 's2' })).toThrow();
		// A field beside the seal changed by hand (a kind, a time, a visibility) does not open.
		expect(() => openRecord(key, layout, { ...sealed, kind: 'goal' })).toThrow();
		expect(() => openRecord(key, layout, { ...sealed, updatedAt: 'U' })).toThrow();
		expect(() => openRecord(key, layoutOf('children', schema), sealed)).toThrow();
		const changed = new Uint8Array(sealed.sealed);
		changed[20]! ^= 1;
		expect(() => openRecord(key, layout, { ...sealed, sealed: changed })).toThrow();
	});

	it('of an auto-numbered queue is bound to its table', () => {
		const queue = layoutOf('outbox', {
			name: 'outbox',
			primaryKey: { keyPath: 'seq', autoIncrement: true },
			indexes: [{ keyPath: 'spaceId' }]
		} as unknown as DBCoreTableSchema);
		const sealed = sealRecord(key, queue, { spaceId: 'f', body: 'x' }) as Record<string, unknown>;
		expect(openRecord(key, queue, { ...sealed, seq: 7 })).toEqual({
			seq: 7,
			spaceId: 'f',
			body: 'x'
		});
	});
});
