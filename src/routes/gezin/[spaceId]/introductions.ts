import type { SpaceDeviceRecord } from '$lib/db/schema';
import type { Consent } from '$lib/domain/consent';

/** Who brought a person into the family, and when (as far as this device knows). */
export interface Introduction {
	/** The member who let the person's first device in. */
	by?: string;
	/** Left out when this device cannot know it (see below). */
	at?: string;
	/** The person made the family. */
	started: boolean;
}

/**
 * Per person, who let their first device in. A person's later devices are let in by
 * themselves, so they do not count. A device learns the time only of admissions it saw: for
 * people who were there before this person came (the yes given by joining, or from before
 * the rules), the stored time is when this device joined, so it is not shown.
 */
export function introductions(
	devices: readonly SpaceDeviceRecord[],
	me: string,
	consents: readonly Consent[]
): Map<string, Introduction> {
	const personOf = new Map(devices.map((d) => [d.deviceId, d.memberId]));
	const before = new Set(
		consents
			.filter((c) => c.owner === me && (c.how === 'joined' || c.how === 'before'))
			.map((c) => c.reader)
	);
	const firsts = new Map<string, SpaceDeviceRecord>();
	for (const device of devices) {
		const started = device.admittedBy === device.deviceId;
		if (!started && personOf.get(device.admittedBy) === device.memberId) continue;
		// Taken out and let in again: the first time counts.
		const known = firsts.get(device.memberId);
		if (!known || (device.admittedAt ?? '') < (known.admittedAt ?? ''))
			firsts.set(device.memberId, device);
	}
	return new Map(
		[...firsts.values()].map((device): [string, Introduction] => {
			const started = device.admittedBy === device.deviceId;
			const at = before.has(device.memberId) ? undefined : device.admittedAt;
			return [
				device.memberId,
				{
					started,
					...(started ? {} : { by: personOf.get(device.admittedBy) }),
					...(at ? { at } : {})
				}
			];
		})
	);
}
