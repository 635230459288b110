import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

export const NEXT_BUILD = '.e2e/build-next';
const PORT = 4188;

/**
 * Makes a second build of the same code under another version, for the update test: what a
 * deploy looks like to an installed app. It is made the way a newcomer's first `npm start`
 * makes one (no build yet: build first, then serve), so that path is checked too.
 */
export default async function globalSetup() {
	rmSync(NEXT_BUILD, { recursive: true, force: true });
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: {
			...process.env,
			KOERS_BUILD: NEXT_BUILD,
			KOERS_VERSION: `next-${Date.now()}`,
			PORT: String(PORT),
			DATA_DIR: '.e2e/data-next'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	try {
		const started = Date.now();
		while (!output.includes(`running at http://localhost:${PORT}`)) {
			if (child.exitCode !== null || Date.now() - started > 120_000) {
				throw new Error(`npm start did not build and start:\n${output}`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
		if (!output.includes('building first')) throw new Error(`Expected a first build:\n${output}`);
		const health = await fetch(`http://127.0.0.1:${PORT}/api/health`);
		if (!health.ok) throw new Error(`Health check failed: ${health.status}`);
	} finally {
		child.kill('SIGTERM');
	}
}
