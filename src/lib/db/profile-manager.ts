import type { KoersDatabase } from './database';
import { LiveQuery } from './live-query.svelte';
import { askToKeepData } from './persist';
import { readProfile, saveProfile, type StoredProfile } from './profile-repository';
import {
	changeRole,
	createProfile,
	renameProfile,
	type NameProblem,
	type Profile,
	type Role
} from '$lib/domain/profile';

/** The device user's profile as live state, and the only place that changes it. */
export class ProfileManager {
	#db: KoersDatabase;
	#live: LiveQuery<StoredProfile>;
	/** Changes run one after another, so quick typing never stores an older name last. */
	#queue: Promise<unknown> = Promise.resolve();

	/** `known`: the profile as just read, so the first screen already shows the right menu. */
	constructor(db: KoersDatabase, known?: StoredProfile) {
		this.#db = db;
		this.#live = new LiveQuery(() => readProfile(db), known);
	}

	get stored(): StoredProfile | undefined {
		return this.#live.current;
	}

	get profile(): Profile | undefined {
		const stored = this.stored;
		return stored?.status === 'ok' ? stored.profile : undefined;
	}

	create(name: string, role: Role): Promise<NameProblem | undefined> {
		return this.#serially(async () => {
			// Filling the profile in again keeps the person's id, so what they wrote stays theirs.
			const stored = await this.#db.profile.get('me');
			const memberId = stored?.memberId || crypto.randomUUID();
			const profile = createProfile(name, role, memberId, new Date());
			if (typeof profile === 'string') return profile;
			await this.#store(profile);
		});
	}

	rename(name: string): Promise<NameProblem | undefined> {
		return this.#serially(async () => {
			const current = await this.#current();
			const next = renameProfile(current, name, new Date());
			if (typeof next === 'string') return next;
			if (next !== current) await this.#store(next);
		});
	}

	setRole(role: Role): Promise<void> {
		return this.#serially(async () => {
			const current = await this.#current();
			const next = changeRole(current, role, new Date());
			if (next !== current) await this.#store(next);
		});
	}

	#serially<T>(change: () => Promise<T>): Promise<T> {
		const result = this.#queue.then(change);
		this.#queue = result.catch(() => undefined);
		return result;
	}

	async #current(): Promise<Profile> {
		const stored = await readProfile(this.#db);
		if (stored.status !== 'ok') throw new Error('No readable profile to change');
		return stored.profile;
	}

	async #store(profile: Profile): Promise<void> {
		await saveProfile(this.#db, profile);
		void askToKeepData();
	}
}
