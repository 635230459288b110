import { defineConfig } from 'vitest/config';

/**
 * Measurements that `npm test` does not run (they take minutes): `src/**\/*.measure.ts`,
 * with the same setup as the server tests. `npm run measure:space-year`.
 */
export default defineConfig({
	test: {
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'measure',
					environment: 'node',
					include: ['src/**/*.measure.ts']
				}
			}
		]
	}
});
