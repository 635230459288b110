import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/browser.js';

export const PORT = 4173;

export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: true,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	forbidOnly: !!process.env.CI,
	timeout: 30_000,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		serviceWorkers: 'allow',
		trace: 'on-first-retry',
		launchOptions: { executablePath: chromiumPath, args: chromiumArgs }
	},
	webServer: {
		command: 'node scripts/start.js',
		url: `http://127.0.0.1:${PORT}/api/health`,
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATA_DIR: '.e2e/data',
			// Where "Snel weg" goes; the tests answer for this address themselves.
			QUICK_EXIT_URL: 'https://weer.example.org/vandaag',
			// As behind a reverse proxy that ends TLS (tests/e2e/headers.spec.ts).
			PROTOCOL_HEADER: 'x-forwarded-proto'
		},
		reuseExistingServer: !process.env.CI,
		stdout: 'pipe'
	}
});
