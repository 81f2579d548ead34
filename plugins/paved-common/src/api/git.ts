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

/**
 * Where the git host delivers its webhooks, under `/api/paved`. Deliveries are signed with the webhook secret
 * instead of carrying a user's token, so the body is read raw (not through the JSON contract) and checked
 * before it is parsed.
 *
 * @public
 */
export const GIT_WEBHOOK_PATH = '/git/webhook';

/**
 * The answer to a verified delivery (202): whether it was queued, and if not why (an event or action previews
 * do not act on). A bad signature is a 401 and a delivery already handled a 409, both with the error body.
 *
 * @public
 */
export interface GitWebhookAnswer {
  accepted: boolean;
  delivery?: string;
  /** What it was about, e.g. `team-checkout/orders-api#7 opened`. */
  subject?: string;
  /** Why a verified delivery was not queued. */
  reason?: string;
}
