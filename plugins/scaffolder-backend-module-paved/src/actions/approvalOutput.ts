import { z as zod } from 'zod/v3';

/**
 * The `approval` output of an action whose change may need a team lead's approval instead of running: the
 * request to follow, `{ id, status, namespace, team }`, set only then.
 */
export function approvalOutput(what: 'change' | 'clone') {
  return (z: typeof zod) =>
    z
      .object(
        {
          id: z.string(),
          status: z.string(),
          namespace: z.string(),
          team: z.string(),
        },
        {
          description: `Set when the ${what} needs a team lead's approval instead of running (a protected environment): the request to follow`,
        },
      )
      .optional();
}
