import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Parses a request's query or body with a zod schema; every problem becomes one InputError naming the field
 * (`where` when the problem is about the whole value). Messages that already name their field stay as they are.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: 'query' | 'body',
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(i =>
          (where === 'body' && i.message.includes(':')) ||
          i.message.startsWith(`${i.path.join('.')}:`)
            ? i.message
            : `${i.path.join('.') || where}: ${i.message}`,
        )
        .join('; '),
    );
  }
  return parsed.data;
}
