import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';

/** PostgreSQL error classes that mean the server went away or is not accepting connections (SQLSTATE). */
const SERVER_GONE_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

/** Socket errors of a connection the database driver could not make or lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * Whether `error` says the plugin's database cannot be reached: a refused or lost connection of the
 * PostgreSQL driver, a server shutting down, or no pooled connection within `acquireConnectionTimeout`
 * (knex's `KnexTimeoutError`). Judged by error names and codes, never by message text.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; syscall?: string } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && SERVER_GONE_CODES.has(e.code)) return true;
  // a socket error raised by the driver's connect (the HTTP clients of Paved wrap theirs in typed errors)
  return (
    typeof e.code === 'string' &&
    SOCKET_CODES.has(e.code) &&
    (e.syscall === 'connect' || e.syscall === 'read' || e.syscall === 'write')
  );
}

/**
 * An error handler for Paved's router: a request that failed because the database is unreachable is
 * answered 503 (ServiceUnavailableError) saying so, instead of a 500 with the driver's message; every other
 * error goes on unchanged to Backstage's error handler.
 */
export function databaseUnavailableHandler(): express.ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (!isDatabaseUnavailable(error)) {
      next(error);
      return;
    }
    next(
      new ServiceUnavailableError(
        `Paved's database cannot be reached (${
          (error as Error).message
        }); nothing was changed. Try again in a moment: the backend reconnects by itself once the database is back`,
        error as Error,
      ),
    );
  };
}
