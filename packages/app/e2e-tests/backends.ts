import { test } from '@playwright/test';

/**
 * The backend a test talks to: the default one on SQLite (:7007), or, in the `postgres` project, a second
 * backend on PostgreSQL (:7008) started by playwright.config.ts.
 */
export function backendUrl(): string {
  return test.info().project.name === 'postgres'
    ? 'http://localhost:7008'
    : 'http://localhost:7007';
}
