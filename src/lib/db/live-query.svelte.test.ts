import 'fake-indexeddb/auto';

import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KoersDatabase } from './database';
import { Draft } from './draft.svelte';
import { readDraft } from './draft-repository';
import { LiveQuery } from './live-query.svelte';
import { flushPendingSaves } from './pending-saves';

const db = new KoersDatabase('koers-live-test');
afterEach(async () => {
	await db.drafts.clear();
});

describe('LiveQuery', () => {
	it('follows the database while something reads it, and stops after', async () => {
		const seen: (number | undefined)[] = [];
		const live = new LiveQuery(() => db.drafts.count());
		const stop = $effect.root(() => {
			$effect(() => {
				seen.push(live.current);
			});
		});
		await vi.waitFor(() => expect(seen.at(-1)).toBe(0));
		await db.drafts.put({ id: 'a', updatedAt: 'x', payload: { text: 'hi' } });
		await vi.waitFor(() => expect(seen.at(-1)).toBe(1));
		stop();
		await db.drafts.put({ id: 'b', updatedAt: 'x', payload: { text: 'hi' } });
		await new Promise((r) => setTimeout(r, 50));
		flushSync();
		expect(seen.at(-1)).toBe(1);
	});

	it('reports a failing query as an error', async () => {
		const live = new LiveQuery<number>(() => Promise.reject(new Error('broken')));
		let error: unknown;
		const stop = $effect.root(() => {
			$effect(() => {
				error = live.error;
			});
		});
		await vi.waitFor(() => expect(error).toBeInstanceOf(Error));
		stop();
	});
});

describe('Draft', () => {
	it('keeps typed text in the database and restores it in a new instance', async () => {
		const draft = new Draft(db, 'form.name');
		await vi.waitFor(() => expect(draft.loaded).toBe(true));
		draft.set('Sam');
		await flushPendingSaves();
		expect(await readDraft(db, 'form.name')).toBe('Sam');
		expect(draft.state).toBe('saved');
		draft.dispose();

		const again = new Draft(db, 'form.name');
		await vi.waitFor(() => expect(again.text).toBe('Sam'));
		await again.discard();
		expect(await readDraft(db, 'form.name')).toBeUndefined();
		again.dispose();
	});

	it('moves to a new id, forgetting the old one', async () => {
		const draft = new Draft(db, 'item:new');
		await vi.waitFor(() => expect(draft.loaded).toBe(true));
		draft.set('eerste woorden');
		await flushPendingSaves();
		await draft.moveTo('item:42');
		expect(await readDraft(db, 'item:new')).toBeUndefined();
		draft.set('meer woorden');
		await flushPendingSaves();
		expect(await readDraft(db, 'item:42')).toBe('meer woorden');
		draft.dispose();
	});

	it('does not let stored text overwrite what is already being typed', async () => {
		await db.drafts.put({ id: 'form.x', updatedAt: 'x', payload: { text: 'old' } });
		const draft = new Draft(db, 'form.x');
		draft.set('new');
		await vi.waitFor(() => expect(draft.loaded).toBe(true));
		expect(draft.text).toBe('new');
		draft.dispose();
		await vi.waitFor(async () => expect(await readDraft(db, 'form.x')).toBe('new'));
	});
});
