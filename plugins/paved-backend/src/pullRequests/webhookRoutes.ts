import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { ConflictError } from '@backstage/errors';
import { GIT_WEBHOOK_PATH, GitWebhookAnswer } from '@paved/plugin-paved-common';
import {
  MAX_WEBHOOK_BYTES,
  MutationAuditDeps,
  PullRequestPreviews,
  PullRequestRef,
  parsePullRequestDelivery,
  parsePushDelivery,
  PushDelivery,
  ReconciledEnvironment,
  recordMutationOutcome,
  verifyWebhookSignature,
} from '@paved/plugin-paved-node';
import express from 'express';
import { DeliveryLog } from './DeliveryLog';
import { KeyedQueue } from './KeyedQueue';

/** The pull request actions that change a preview; labels, assignees, reviews and edits do not. */
const PREVIEW_ACTIONS = new Set([
  'opened',
  'reopened',
  'synchronized',
  'closed',
]);

/** What the webhook needs: the previews (absent when they are off, with the reason), the log and the audit. */
export interface GitWebhookDeps {
  previews:
    | { enabled: true; service: PullRequestPreviews; secret: string }
    | { enabled: false; reason: string };
  deliveries: DeliveryLog;
  audit: MutationAuditDeps;
  logger: LoggerService;
  /** Aborted when the backend shuts down: previews being made stop (and their half-made environment goes). */
  shutdown?: AbortSignal;
  /**
   * GitOps: asks Flux to reconcile the environments delivered from a pushed branch, at once rather than at its
   * next poll. Absent: pushes are not acted on.
   */
  gitops?: {
    reconcile(
      push: PushDelivery & { branch: string },
    ): Promise<ReconciledEnvironment[]>;
  };
}

/**
 * `POST /git/webhook`: the git host's pull request deliveries. The signature is checked on the raw body before
 * anything is parsed (401 when it does not match); a delivery id already accepted is refused (409); an
 * accepted delivery is answered at once (202) and its pull request's preview is synced in the background,
 * one run at a time per pull request, with the outcome in the audit trail.
 */
export function addGitWebhookRoutes(
  router: express.Router,
  deps: GitWebhookDeps,
): KeyedQueue {
  const queue = new KeyedQueue();
  router.post(
    GIT_WEBHOOK_PATH,
    express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }),
    async (req, res) => {
      const { previews } = deps;
      if (!previews.enabled) {
        throw new ServiceUnavailableError(
          `Pull request previews are off: ${previews.reason}`,
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      verifyWebhookSignature(
        body,
        req.header('x-gitea-signature'),
        previews.secret,
      );
      const headers = {
        event: req.header('x-gitea-event'),
        delivery: req.header('x-gitea-delivery'),
      };
      const push = parsePushDelivery(headers, body);
      if (push) {
        const subject = `${push.organization}/${push.repository} push to ${
          push.branch ?? 'a tag'
        }`;
        const { gitops } = deps;
        if (!gitops || !push.branch) {
          res.status(202).json({
            accepted: false,
            delivery: push.delivery,
            subject,
            reason: gitops
              ? 'a tag push changes no environment'
              : 'GitOps reconciles are off on this backend',
          } satisfies GitWebhookAnswer);
          return;
        }
        if (!(await deps.deliveries.accept(push.delivery, subject))) {
          throw new ConflictError(
            `Delivery ${push.delivery} was accepted before; a replayed delivery is refused`,
          );
        }
        const branch = push.branch;
        queue.run(`${push.organization}/${push.repository}@${branch}`, () =>
          reconcilePush(deps, gitops, { ...push, branch }),
        );
        res.status(202).json({
          accepted: true,
          delivery: push.delivery,
          subject,
        } satisfies GitWebhookAnswer);
        return;
      }
      const delivery = parsePullRequestDelivery(headers, body);
      const answer = (status: number, value: GitWebhookAnswer) =>
        res.status(status).json(value);
      if (!delivery) {
        answer(202, {
          accepted: false,
          reason: `event ${JSON.stringify(
            req.header('x-gitea-event') ?? '',
          )} is not a pull request event`,
        });
        return;
      }
      const ref: PullRequestRef = {
        organization: delivery.organization,
        repository: delivery.repository,
        number: delivery.number,
      };
      const subject = `${ref.organization}/${ref.repository}#${ref.number} ${delivery.action}`;
      if (!PREVIEW_ACTIONS.has(delivery.action)) {
        answer(202, {
          accepted: false,
          delivery: delivery.delivery,
          subject,
          reason: `action ${delivery.action} does not change a preview`,
        });
        return;
      }
      if (!(await deps.deliveries.accept(delivery.delivery, subject))) {
        throw new ConflictError(
          `Delivery ${delivery.delivery} was accepted before; a replayed delivery is refused`,
        );
      }
      queue.run(`${ref.organization}/${ref.repository}#${ref.number}`, () =>
        syncPreview(deps, previews.service, ref, delivery.delivery),
      );
      answer(202, { accepted: true, delivery: delivery.delivery, subject });
    },
  );
  return queue;
}

/**
 * Asks Flux to reconcile the environments delivered from a pushed branch, each recorded in the audit trail
 * (`environment.gitops-reconcile`): a merge into a deploy repository's branch is how a GitOps change is
 * approved, and this is where it reaches the cluster.
 */
async function reconcilePush(
  deps: GitWebhookDeps,
  gitops: NonNullable<GitWebhookDeps['gitops']>,
  push: PushDelivery & { branch: string },
) {
  const repository = `${push.organization}/${push.repository}`;
  const logger = deps.logger.child({ repository, delivery: push.delivery });
  try {
    const environments = await gitops.reconcile(push);
    logger.info(
      `Push to ${repository} ${push.branch}: asked Flux to reconcile ${
        environments.map(e => `${e.cluster}/${e.namespace}`).join(', ') ||
        'no environment (none is delivered from it)'
      }`,
    );
    for (const env of environments) {
      await recordMutationOutcome(deps.audit, {
        action: 'environment.gitops-reconcile',
        actor: 'plugin:paved',
        cluster: env.cluster,
        namespace: env.namespace,
        target: `${repository}@${push.branch}`,
        details: { delivery: push.delivery, repository, branch: push.branch },
        outcome: 'succeeded',
        message: `A push to ${repository} ${push.branch} asked Flux to reconcile ${env.namespace}`,
      });
    }
  } catch (error) {
    logger.warn(
      `Push to ${repository} ${push.branch}: asking Flux to reconcile failed: ${
        (error as Error).message
      }; Flux applies the commit at its next poll`,
    );
  }
}

/** Syncs one pull request's preview and records the outcome; a failure is told to the pull request too. */
async function syncPreview(
  deps: GitWebhookDeps,
  previews: PullRequestPreviews,
  ref: PullRequestRef,
  delivery: string,
) {
  const logger = deps.logger.child({
    pullRequest: `${ref.organization}/${ref.repository}#${ref.number}`,
    delivery,
  });
  const lines: string[] = [];
  try {
    const outcome = await previews.sync(ref, {
      log: line => {
        lines.push(line);
        logger.debug(line);
      },
      signal: deps.shutdown,
    });
    logger.info(`Pull request preview: ${outcome.action}: ${outcome.message}`);
    if (outcome.action === 'none' || outcome.action === 'unchanged') return;
    await recordMutationOutcome(deps.audit, {
      action: 'environment.preview',
      actor: 'plugin:paved',
      cluster: outcome.cluster,
      namespace: outcome.namespace,
      target: outcome.pullRequest,
      details: {
        delivery,
        preview: outcome.action,
        team: outcome.team,
        ...(outcome.image ? { image: outcome.image } : {}),
      },
      outcome: outcome.action === 'refused' ? 'refused' : 'succeeded',
      message: outcome.message,
    });
  } catch (error) {
    const reason = (error as Error).message ?? String(error);
    logger.warn(`Pull request preview failed: ${reason}`);
    await recordMutationOutcome(deps.audit, {
      action: 'environment.preview',
      actor: 'plugin:paved',
      cluster: previews.cluster,
      target: `${ref.organization}/${ref.repository}#${ref.number}`,
      details: { delivery, steps: lines.slice(-20) },
      outcome: 'failed',
      error,
    });
    await previews
      .tellFailure(ref, reason)
      .catch(e =>
        logger.warn(`Could not tell the pull request of the failure: ${e}`),
      );
  }
}
