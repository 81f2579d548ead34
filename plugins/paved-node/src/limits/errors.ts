import { CustomErrorBase, ServiceUnavailableError } from '@backstage/errors';

/**
 * Too many requests of one kind are open at once (HTTP 429). Backstage's error handler answers with the
 * `statusCode` of the error and the standard error body.
 *
 * @public
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/**
 * A service Paved called did not answer in time (HTTP 504). Still a {@link @backstage/errors#ServiceUnavailableError},
 * with its name, so clients and code that treat an unavailable service alike keep doing so.
 *
 * @public
 */
export class UpstreamTimeoutError extends ServiceUnavailableError {
  readonly statusCode = 504;
}
