/**
 * What an operator may set for the relay, from the environment (docs/operating.md). The
 * defaults fit a care office whose counsellors share one public address.
 */
export interface RelaySettings {
	/** Requests per member token per minute. */
	tokenRequestsPerMinute: number;
	/** Requests with an unknown or revoked token, per client address per minute. */
	refusalsPerAddressPerMinute: number;
	/** Spaces made per client address per hour. */
	spacesPerAddressPerHour: number;
	/** Joins (invites used, or tried) per client address per minute. */
	joinsPerAddressPerMinute: number;
	/** Event streams open at once that hold one token (a device with a few tabs). */
	streamsPerToken: number;
	/** Event streams open at once from one client address. */
	streamsPerAddress: number;
	/** Spaces one event stream may follow (a counsellor's families). */
	spacesPerStream: number;
	/** The bytes of ops one space may hold. */
	spaceQuotaBytes: number;
	/**
	 * The bytes of ops one token may append per day, so one member (a modified app) cannot
	 * fill the family's quota before the counsellors see it coming and remove that device.
	 */
	tokenBytesPerDay: number;
	/** How long a request body may send nothing before the relay stops waiting. */
	bodyIdleMs: number;
	/** Client addresses that may read /api/metrics; none, so it is off, unless set. */
	metricsFrom: string[];
	/** How often event streams get a ping (and the relay catches up on missed news). */
	pingMs: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_SETTINGS: RelaySettings = {
	tokenRequestsPerMinute: 600,
	refusalsPerAddressPerMinute: 60,
	spacesPerAddressPerHour: 60,
	joinsPerAddressPerMinute: 30,
	streamsPerToken: 4,
	streamsPerAddress: 1000,
	spacesPerStream: 200,
	spaceQuotaBytes: 128 * MIB,
	tokenBytesPerDay: 16 * MIB,
	bodyIdleMs: 10_000,
	metricsFrom: [],
	pingMs: 25_000
};

/** The environment variable of each number setting, and what its value counts in. */
const NUMBERS: Record<Exclude<keyof RelaySettings, 'metricsFrom'>, [string, number]> = {
	tokenRequestsPerMinute: ['RELAY_TOKEN_REQUESTS_PER_MINUTE', 1],
	refusalsPerAddressPerMinute: ['RELAY_REFUSALS_PER_ADDRESS_PER_MINUTE', 1],
	spacesPerAddressPerHour: ['RELAY_SPACES_PER_ADDRESS_PER_HOUR', 1],
	joinsPerAddressPerMinute: ['RELAY_JOINS_PER_ADDRESS_PER_MINUTE', 1],
	streamsPerToken: ['RELAY_STREAMS_PER_TOKEN', 1],
	streamsPerAddress: ['RELAY_STREAMS_PER_ADDRESS', 1],
	spacesPerStream: ['RELAY_SPACES_PER_STREAM', 1],
	spaceQuotaBytes: ['RELAY_SPACE_QUOTA_MB', MIB],
	tokenBytesPerDay: ['RELAY_TOKEN_MB_PER_DAY', MIB],
	bodyIdleMs: ['RELAY_BODY_TIMEOUT_SECONDS', 1000],
	pingMs: ['RELAY_PING_SECONDS', 1000]
};

/**
 * The settings from environment variables; a value that is not a positive number stops the
 * relay from starting, naming the variable, rather than running with a limit nobody chose.
 */
export function relaySettings(env: Record<string, string | undefined>): RelaySettings {
	const settings: RelaySettings = { ...DEFAULT_SETTINGS };
	for (const [key, [name, unit]] of Object.entries(NUMBERS)) {
		const text = env[name]?.trim();
		if (!text) continue;
		const value = Number(text);
		if (!(value > 0) || !Number.isFinite(value)) {
			throw new Error(`${name} must be a positive number, not "${text}".`);
		}
		settings[key as keyof typeof NUMBERS] = Math.round(value * unit);
	}
	const from = env.METRICS_ALLOW?.trim();
	if (from) settings.metricsFrom = from.split(',').map((address) => address.trim());
	return settings;
}
