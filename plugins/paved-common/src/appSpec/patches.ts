import { z } from 'zod/v3';
import { addProblem } from './issues';

const JSON_POINTER = /^(\/([^~/]|~[01])*)*$/;
const pointer = z
  .string()
  .regex(
    JSON_POINTER,
    'write a JSON pointer such as /spec/replicas ("~1" stands for "/" and "~0" for "~" inside a key)',
  );

const target = z
  .object({
    kind: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]*$/, 'write a Kind name, e.g. Deployment'),
    name: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Object name; without it the patch applies to every object of the kind',
      ),
  })
  .strict();

const jsonOperation = z
  .object({
    op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
    path: pointer,
    from: pointer.optional(),
    value: z.unknown().optional(),
  })
  .strict()
  .superRefine((op, ctx) => {
    if (['add', 'replace', 'test'].includes(op.op) && op.value === undefined) {
      addProblem(ctx, `is a "${op.op}" operation without a value; add value`);
    }
    if (['move', 'copy'].includes(op.op) && op.from === undefined) {
      addProblem(
        ctx,
        `is a "${op.op}" operation without from; add from, a JSON pointer such as /spec/template`,
      );
    }
  });

/** One expert patch over the rendered objects. */
export const patch = z.discriminatedUnion('type', [
  z
    .object({
      target,
      type: z.literal('strategic'),
      patch: z
        .record(z.unknown())
        .describe(
          'Merged into the object; lists of objects with a name merge by name, null removes a field',
        ),
    })
    .strict(),
  z
    .object({
      target,
      type: z.literal('json'),
      patch: z
        .array(jsonOperation)
        .min(1)
        .describe('RFC 6902 JSON patch operations'),
    })
    .strict(),
]);

/** `patches`: applied in order after the golden path rendered its objects. */
export const patches = z
  .array(patch)
  .describe(
    'Expert: patches applied last, in order, to the rendered objects of a kind (and name)',
  );
