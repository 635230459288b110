import { execFileSync } from 'node:child_process';

export const NEXT_BUILD = '.e2e/build-next';

/**
 * A second build of the same code under another version, for the update test: what a
 * deploy looks like to an installed app. Built once, before the tests run in parallel.
 */
export default function globalSetup() {
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		env: { ...process.env, KOERS_OUT: NEXT_BUILD, KOERS_VERSION: `next-${Date.now()}` },
		stdio: 'ignore'
	});
}
