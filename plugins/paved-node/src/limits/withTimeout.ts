import { UpstreamTimeoutError } from './errors';
import { PavedLimits } from './readLimits';

/**
 * Settles like `promise`, or rejects with an `UpstreamTimeoutError` carrying `message` when `promise`
 * has not settled within `timeoutMs`. The late outcome of `promise` is ignored.
 *
 * @public
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new UpstreamTimeoutError(message())),
      timeoutMs,
    );
    promise.then(
      value => {
        clearTimeout(timer);
        resolve(value);
      },
      error => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Wraps a service client (e.g. the catalog service) so that every method returning a promise fails with an
 * `UpstreamTimeoutError` naming the service and the method when it takes longer than `timeoutMs`.
 *
 * @public
 */
export function withCallTimeouts<T extends object>(
  service: T,
  options: { timeoutMs: number; serviceName: string; configKey: string },
): T {
  return new Proxy(service, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return withTimeout(
          result,
          options.timeoutMs,
          () =>
            `${options.serviceName} did not answer ${String(property)} within ${
              options.timeoutMs
            } ms (${options.configKey})`,
        );
      };
    },
  });
}

/**
 * The catalog service with every call timed out after `paved.limits.timeouts.catalogMs`, failing with a message
 * that names the call and the key. Every Paved package reaches the catalog through this.
 *
 * @public
 */
export function withCatalogTimeout<T extends object>(
  catalog: T,
  limits: Pick<PavedLimits, 'timeouts'>,
): T {
  return withCallTimeouts(catalog, {
    timeoutMs: limits.timeouts.catalogMs,
    serviceName: 'The catalog',
    configKey: 'paved.limits.timeouts.catalogMs',
  });
}
