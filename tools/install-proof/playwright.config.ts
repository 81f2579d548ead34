import { defineConfig } from '@playwright/test';
import path from 'node:path';
import repoConfig from '../../playwright.config';

const out =
  process.env.PAVED_PROOF_OUT ??
  path.resolve(__dirname, '../../test-results/install-proof');
const app = process.env.PAVED_PROOF_APP ?? 'app';

/**
 * The install proof's browser check, run by tools/install-proof/run.sh once per pristine app, against the
 * app's own backend (which serves its built frontend) on PAVED_E2E_BACKEND.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: /pristine\.test\.ts/,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(out, `${app}-playwright.json`) }],
  ],
  outputDir: path.join(out, `${app}-playwright`),
  use: {
    baseURL: process.env.PAVED_E2E_BACKEND ?? 'http://localhost:7107',
    screenshot: 'only-on-failure',
    // Debian's Chromium with the repository's browser tests' flags
    launchOptions: repoConfig.use?.launchOptions,
  },
});
