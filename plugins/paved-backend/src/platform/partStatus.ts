import { isError } from '@backstage/errors';
import { PlatformPartOmission } from '@paved/plugin-paved-common';

const STATUS_BY_NAME: Record<string, number> = {
  NotModifiedError: 304,
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  TooManyRequestsError: 429,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/**
 * The HTTP status the part's own route would answer `error` with, as Backstage's error handler decides it:
 * the error's `statusCode` or `status`, else by its name, else 500.
 */
export function statusOf(error: unknown): number {
  const fields = error as { statusCode?: unknown; status?: unknown };
  for (const value of [fields?.statusCode, fields?.status]) {
    if (Number.isInteger(value) && Number(value) >= 100 && Number(value) <= 599)
      return Number(value);
  }
  return (isError(error) && STATUS_BY_NAME[error.name]) || 500;
}

/** A part left out because reading it failed: its route's status, the error's name and message. */
export function failedPart(error: unknown): PlatformPartOmission {
  return {
    reason: 'failed',
    status: statusOf(error),
    name: isError(error) ? error.name : 'Error',
    message: isError(error) ? error.message : String(error),
  };
}
