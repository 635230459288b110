import { oneOf } from './one-of';

/**
 * The person using this device: how they want to be called and their role.
 * The role decides what Koers offers; invites (a later step) must match it.
 */
export const ROLES = ['parent', 'counsellor'] as const;
export type Role = (typeof ROLES)[number];

export interface Profile {
	/** This person's own id, the owner of what they write. */
	memberId: string;
	name: string;
	role: Role;
	createdAt: string;
	updatedAt: string;
}

export const NAME_MAX_LENGTH = 60;

export const NAME_PROBLEMS = ['empty', 'too-long'] as const;
export type NameProblem = (typeof NAME_PROBLEMS)[number];
export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem };

/** Trims and folds inner whitespace, so "  Sam   de Vries " is stored as "Sam de Vries". */
export function normaliseName(raw: string): string {
	return raw.replace(/\s+/g, ' ').trim();
}

export function checkName(raw: string): NameCheck {
	const name = normaliseName(raw);
	if (name.length === 0) return { ok: false, problem: 'empty' };
	if ([...name].length > NAME_MAX_LENGTH) return { ok: false, problem: 'too-long' };
	return { ok: true, name };
}

export const isRole = oneOf(ROLES);

export function createProfile(
	rawName: string,
	role: Role,
	memberId: string,
	now: Date
): Profile | NameProblem {
	const check = checkName(rawName);
	if (!check.ok) return check.problem;
	const at = now.toISOString();
	return { memberId, name: check.name, role, createdAt: at, updatedAt: at };
}

export function renameProfile(profile: Profile, rawName: string, now: Date): Profile | NameProblem {
	const check = checkName(rawName);
	if (!check.ok) return check.problem;
	if (check.name === profile.name) return profile;
	return { ...profile, name: check.name, updatedAt: now.toISOString() };
}

export function changeRole(profile: Profile, role: Role, now: Date): Profile {
	if (profile.role === role) return profile;
	return { ...profile, role, updatedAt: now.toISOString() };
}

/**
 * Reads a stored profile defensively: storage can hold anything (an old version, a bug,
 * a hand edit), and a broken profile must be reported, not shown as if it were fine.
 */
export function parseProfile(value: unknown): Profile | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	if (typeof v.memberId !== 'string' || v.memberId.length === 0) return null;
	if (typeof v.name !== 'string' || !checkName(v.name).ok) return null;
	if (!isRole(v.role)) return null;
	if (typeof v.createdAt !== 'string' || typeof v.updatedAt !== 'string') return null;
	if (Number.isNaN(Date.parse(v.createdAt)) || Number.isNaN(Date.parse(v.updatedAt))) return null;
	return {
		memberId: v.memberId,
		name: v.name,
		role: v.role,
		createdAt: v.createdAt,
		updatedAt: v.updatedAt
	};
}

/** What the home screen offers each role, in the order it is shown. */
export const OFFERS: Record<Role, readonly string[]> = {
	parent: ['write', 'reflect', 'together'],
	counsellor: ['prepare', 'conversation', 'lookup']
};

export function offersFor(role: Role): readonly string[] {
	return OFFERS[role];
}
