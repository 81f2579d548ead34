import pLimit from 'p-limit';

/**
 * Maps `items` with at most `limit` calls of `fn` running at once (at least one; a fraction is rounded down);
 * results keep the order of `items`. The first failure rejects the whole map: calls already running finish,
 * no new ones start.
 *
 * @public
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const run = pLimit(
    limit === Infinity ? limit : Math.max(1, Math.floor(limit) || 1),
  );
  return Promise.all(
    items.map((item, index) =>
      run(async () => {
        try {
          return await fn(item, index);
        } catch (error) {
          // drop the queued calls before p-limit starts the next one: the map has failed
          run.clearQueue();
          throw error;
        }
      }),
    ),
  );
}
