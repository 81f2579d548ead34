/**
 * Polls `probe` until it returns a value (errors count as "not yet"), or fails after `timeoutMs`.
 *
 * @public
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${options.what ?? 'condition'} not met within ${
          options.timeoutMs ?? 60_000
        } ms${lastError ? ` (last error: ${lastError})` : ''}`,
      );
    }
    await new Promise(resolve =>
      setTimeout(resolve, options.intervalMs ?? 500),
    );
  }
}

/**
 * The error a promise rejects with; fails when it resolves instead.
 *
 * @public
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error(
    `expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`,
  );
}
