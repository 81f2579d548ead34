import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Validates a request's query or body with its route's zod schema. Every problem becomes one `InputError`
 * naming the field (`where` when the problem is about the whole value); messages that already name their
 * field stay as they are.
 *
 * @public
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: 'query' | 'body',
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues
      .map(issue => {
        const field = issue.path.join('.');
        const named =
          (where === 'body' && issue.message.includes(':')) ||
          issue.message.startsWith(`${field}:`);
        return named ? issue.message : `${field || where}: ${issue.message}`;
      })
      .join('; '),
  );
}
