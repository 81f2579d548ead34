import { defineConfig } from '@playwright/test';
import path from 'node:path';

const config = (file: string) => path.resolve(__dirname, file);

// scripts/test starts the local PostgreSQL and exports its URL; without it only the SQLite project runs
const withPostgres = Boolean(process.env.PAVED_POSTGRES_URL);

/**
 * Browser tests run in Debian's Chromium (no browser download). The app and backend are started by
 * Playwright unless already running; the backend needs the local cluster's coordinates in the
 * environment (scripts/test exports them from .cluster/env). The `postgres` project runs the API tests again
 * against a second backend on PostgreSQL (:7008; PAVED_POSTGRES_URL from .postgres/env).
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/playwright.json' }],
  ],
  outputDir: 'test-results/playwright',
  webServer: [
    {
      // the backend's log is kept for the tests that read it (secrets.test.ts: no value in any line)
      command: `yarn start > ${config('test-results/app.log')} 2>&1`,
      url: 'http://localhost:3000',
      reuseExistingServer: true,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    ...(withPostgres
      ? [
          {
            // the same backend on PostgreSQL, for the API tests of the `postgres` project
            command: `yarn workspace backend start --config ${config(
              'app-config.yaml',
            )} --config ${config('app-config.postgres.yaml')}`,
            url: 'http://localhost:7008/api/paved/health',
            reuseExistingServer: true,
            timeout: 300_000,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
          },
        ]
      : []),
  ],
  projects: [
    { name: 'sqlite' },
    ...(withPostgres
      ? [
          {
            name: 'postgres',
            // the API tests with real tokens (tiers, approvals, audit, owner scoping) again, on PostgreSQL
            testMatch: /(access|tiers)\.test\.ts/,
          },
        ]
      : []),
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.PAVED_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
