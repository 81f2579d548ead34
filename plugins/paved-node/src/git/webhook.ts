import { AuthenticationError, InputError } from '@backstage/errors';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The largest webhook body Paved accepts (a pull request delivery is a few tens of KiB).
 *
 * @public
 */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Checks a git host delivery's signature: the hex HMAC-SHA256 of the raw body under the webhook secret, as Gitea
 * sends it in `X-Gitea-Signature`. A missing or wrong signature is an AuthenticationError (401) that says
 * nothing of the expected value.
 *
 * @public
 */
export function verifyWebhookSignature(
  body: Buffer,
  signature: string | undefined,
  secret: string,
): void {
  if (!signature) {
    throw new AuthenticationError(
      'The delivery has no X-Gitea-Signature header; deliveries must be signed with the webhook secret',
    );
  }
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = /^[0-9a-f]{64}$/i.test(signature)
    ? Buffer.from(signature, 'hex')
    : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthenticationError(
      'The delivery’s signature does not match its body under the webhook secret',
    );
  }
}

/**
 * What a pull request delivery asks for, as far as previews care. The payload only says which pull request
 * changed; what it is now (open, merged, its head commit) is read from the git host, so a replayed or stale
 * delivery cannot roll a preview back.
 *
 * @public
 */
export interface PullRequestDelivery {
  /** The delivery's id (`X-Gitea-Delivery`), recorded so it is handled once. */
  delivery: string;
  action: string;
  organization: string;
  repository: string;
  number: number;
}

const payloadSchema = z.object({
  action: z.string().min(1).max(64),
  number: z.number().int().positive(),
  repository: z.object({
    name: z.string().min(1).max(100),
    owner: z.object({ username: z.string().min(1).max(100) }),
  }),
});

const DELIVERY_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * Reads a verified delivery: `undefined` for an event previews do not act on (a push, a ping), the pull request
 * for `pull_request` events. A malformed delivery is an InputError naming the field.
 *
 * @public
 */
export function parsePullRequestDelivery(
  headers: { event?: string; delivery?: string },
  body: Buffer,
): PullRequestDelivery | undefined {
  if (headers.event !== 'pull_request') return undefined;
  const delivery = deliveryId(headers.delivery);
  const json = parseJson(body);
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `The pull request delivery’s ${issue.path.join('.')} is not valid: ${
        issue.message
      }`,
    );
  }
  return {
    delivery,
    action: parsed.data.action,
    organization: parsed.data.repository.owner.username,
    repository: parsed.data.repository.name,
    number: parsed.data.number,
  };
}

/**
 * What a push delivery says, as far as GitOps cares: which branch of which repository moved. Flux fetches the
 * branch itself, so the payload's commits are never trusted.
 *
 * @public
 */
export interface PushDelivery {
  delivery: string;
  organization: string;
  repository: string;
  /** The branch pushed to (`refs/heads/<branch>`); undefined for a tag. */
  branch?: string;
}

const pushSchema = z.object({
  ref: z.string().min(1).max(300),
  repository: z.object({
    name: z.string().min(1).max(100),
    owner: z.object({ username: z.string().min(1).max(100) }),
  }),
});

/**
 * Reads a verified `push` delivery (`undefined` for other events). A malformed one is an InputError naming the
 * field.
 *
 * @public
 */
export function parsePushDelivery(
  headers: { event?: string; delivery?: string },
  body: Buffer,
): PushDelivery | undefined {
  if (headers.event !== 'push') return undefined;
  const delivery = deliveryId(headers.delivery);
  const parsed = pushSchema.safeParse(parseJson(body));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `The push delivery’s ${issue.path.join('.')} is not valid: ${
        issue.message
      }`,
    );
  }
  const branch = /^refs\/heads\/(.+)$/.exec(parsed.data.ref)?.[1];
  return {
    delivery,
    organization: parsed.data.repository.owner.username,
    repository: parsed.data.repository.name,
    ...(branch ? { branch } : {}),
  };
}

function deliveryId(delivery: string | undefined): string {
  if (!delivery || !DELIVERY_ID.test(delivery)) {
    throw new InputError(
      'X-Gitea-Delivery: give the delivery id (8 to 64 letters, digits and "-")',
    );
  }
  return delivery;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError(
      'The delivery’s body is not JSON; set the webhook’s content type to application/json',
    );
  }
}
