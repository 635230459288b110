/**
 * Build versions are named "<semver>+<build time in ms>" so each build gets its own
 * service worker cache. People see the number and the day it was made, not the timestamp.
 */
export interface AppVersion {
	number: string;
	builtAt?: Date;
}

export function parseAppVersion(name: string): AppVersion {
	const match = /^(\d+\.\d+\.\d+)\+(\d{10,})$/.exec(name);
	if (!match) return { number: name };
	const builtAt = new Date(Number(match[2]));
	return Number.isNaN(builtAt.getTime()) ? { number: name } : { number: match[1]!, builtAt };
}
