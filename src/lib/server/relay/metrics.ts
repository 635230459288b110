/**
 * What operators see of one relay process, in Prometheus' text format: counts by route,
 * status and reason, never a space id, token or address.
 */
export class RelayMetrics {
	readonly #requests = new Map<string, number>();
	readonly #refused = new Map<string, number>();
	#opsAppended = 0;

	/** A request answered: its route (a fixed name such as `ops-append`) and status. */
	answered(route: string, status: number) {
		const key = `route="${route}",status="${status}"`;
		this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
	}

	/** A request refused, by the relay's error code. */
	refused(reason: string) {
		this.#refused.set(reason, (this.#refused.get(reason) ?? 0) + 1);
	}

	appended(count: number) {
		this.#opsAppended += count;
	}

	/** The whole page; `now` holds the figures measured at the moment of asking. */
	render(now: { streams: number; storage: string; spaces: number; bytes: number }): string {
		const lines: string[] = [];
		const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
			lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
			for (const [labels, value] of samples) {
				lines.push(`${name}${labels ? `{${labels}}` : ''} ${value}`);
			}
		};
		metric('koers_relay_requests_total', 'counter', 'Requests answered, by route and status.', [
			...this.#requests
		]);
		metric(
			'koers_relay_refused_total',
			'counter',
			'Requests refused, by reason.',
			[...this.#refused].map(([reason, count]) => [`reason="${reason}"`, count])
		);
		metric('koers_relay_ops_appended_total', 'counter', 'Ops appended to any space.', [
			['', this.#opsAppended]
		]);
		metric('koers_relay_open_streams', 'gauge', 'Event streams open in this process.', [
			['', now.streams]
		]);
		metric('koers_relay_spaces', 'gauge', 'Family spaces the relay holds.', [
			[`backend="${now.storage}"`, now.spaces]
		]);
		metric('koers_relay_stored_bytes', 'gauge', 'Bytes of ops stored, by backend.', [
			[`backend="${now.storage}"`, now.bytes]
		]);
		return `${lines.join('\n')}\n`;
	}
}
