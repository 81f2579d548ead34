import { test } from '@playwright/test';

/**
 * The backend a test talks to: the default one on SQLite (:7007), or, in the `postgres` project, a second
 * backend on PostgreSQL (:7008) started by playwright.config.ts. `PAVED_E2E_BACKEND` names another one (the
 * install proof's pristine apps).
 */
export function backendUrl(): string {
  if (process.env.PAVED_E2E_BACKEND) return process.env.PAVED_E2E_BACKEND;
  return test.info().project.name === 'postgres'
    ? 'http://localhost:7008'
    : 'http://localhost:7007';
}
