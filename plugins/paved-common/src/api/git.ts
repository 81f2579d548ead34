import { z } from 'zod/v3';

/**
 * Where a golden path's code goes, for the template's Repository page: the team's repository on the configured
 * git host, or (without one) nowhere, the component being registered from the local catalog. Never includes
 * the host's credentials.
 *
 * @public
 */
export type GitTargetView =
  | {
      mode: 'git';
      /** The git host's web address, e.g. http://127.0.0.1:13300. */
      hostUrl: string;
      /** The repository the owner and name of the query give, when both are valid. */
      repositoryUrl?: string;
    }
  | {
      mode: 'local';
      /** Why nothing is published, e.g. "no git host is configured (paved.git.host)". */
      reason: string;
    };

/**
 * The query of the git target: the form's owner and name, both optional.
 *
 * @public
 */
export const gitTargetQuery = z.object({
  owner: z.string().max(253, 'owner: at most 253 characters').optional(),
  name: z.string().max(100, 'name: at most 100 characters').optional(),
});
