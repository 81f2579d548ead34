import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * The `Status` object the Kubernetes API returns with a failed request.
 *
 * @public
 */
export interface KubernetesStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    group?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

const STATUS = Symbol.for('paved.kubernetesStatus');

/**
 * The Kubernetes `Status` carried by an error thrown by {@link KubernetesClient}, if any.
 *
 * @public
 */
export function getKubernetesStatus(
  error: unknown,
): KubernetesStatus | undefined {
  if (error && typeof error === 'object' && STATUS in error) {
    return (error as Record<symbol, KubernetesStatus>)[STATUS];
  }
  return undefined;
}

/**
 * Maps an HTTP status and Kubernetes `Status` body onto the typed errors of `@backstage/errors`,
 * so Backstage's error handler answers with the matching status code.
 *
 * @public
 */
export function toBackstageError(
  httpStatus: number,
  status: KubernetesStatus,
  context: string,
): Error {
  const message = `${context}: ${status.message ?? `HTTP ${httpStatus}`}`;
  let error: Error;
  switch (httpStatus) {
    case 400:
    case 422:
      error = new InputError(message);
      break;
    case 401:
      error = new AuthenticationError(message);
      break;
    case 403:
      error = new NotAllowedError(message);
      break;
    case 404:
      error = new NotFoundError(message);
      break;
    case 409:
      error = new ConflictError(message);
      break;
    default:
      error = new ServiceUnavailableError(message);
  }
  return attachKubernetesStatus(error, { ...status, code: httpStatus });
}

/**
 * Attaches a Kubernetes `Status` to an error so {@link getKubernetesStatus} can read it later.
 *
 * @public
 */
export function attachKubernetesStatus<E extends Error>(
  error: E,
  status: KubernetesStatus | undefined,
): E {
  if (status) {
    Object.defineProperty(error, STATUS, { value: status });
  }
  return error;
}
