import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ChangeImpact,
  pavedEnvironmentApplyPermission,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  loadEnvironmentResource,
  revisionObjectName,
} from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import { RevisionRestorer } from '../../revisions/RevisionRestorer';
import { existingEnvironment } from './existingEnvironment';
import {
  ApprovalKindDeps,
  MAX_WAIT_SECONDS,
  defineApprovalKind,
  storedObjectSchema,
} from './ApprovalKind';
import { requireProposalOnly } from './requireProposalOnly';

/** A rollback the requester may only propose. */
export interface RollbackChange {
  cluster: string;
  namespace: string;
  revision: number;
  component?: string;
  wait: boolean;
  timeoutSeconds: number;
  note?: string;
  entityRef?: string;
}

/** What an approved rollback runs, as recorded with the request. */
const rollbackPayloadSchema = z.object({
  revision: z.number().int().min(1),
  component: z.string().optional(),
  wait: z.boolean(),
  timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS),
  /** The revision's objects, for the lead to read (Secrets as key names). */
  manifests: z.array(storedObjectSchema),
  /** Objects the rollback would remove, when requested. */
  prune: z.array(z.string()),
  note: z.string().optional(),
  /** Blast radius and cost forecast of the requester's plan, shown to the lead. */
  impact: z
    .custom<ChangeImpact>(v => typeof v === 'object' && v !== null)
    .optional(),
});

/**
 * A rollback of a protected environment: requested with the requester's read-only plan (its diff, and the
 * objects it would remove), checked again and run as the approving lead, recorded as a new revision.
 */
export function rollbackKind({
  clusters,
  permissions,
  restorer,
}: ApprovalKindDeps) {
  const restorerOf = () => {
    if (!restorer) {
      throw new ServiceUnavailableError(
        'Rollbacks need the revision store of the Paved backend, which is not set up here',
      );
    }
    return restorer;
  };
  return defineApprovalKind({
    kind: 'rollback',
    payload: rollbackPayloadSchema,
    async propose(change: RollbackChange, { credentials, identity, agent }) {
      const { cluster, namespace } = change;
      return {
        cluster,
        namespace,
        target: `revision ${change.revision}${
          change.component ? ` of ${change.component}` : ''
        }`,
        details: { revision: change.revision },
        async prepare() {
          const env = await loadEnvironmentResource(
            clusters,
            cluster,
            namespace,
          );
          if (!env?.team) {
            throw new NotFoundError(
              `No environment ${namespace} on cluster ${cluster} that you may see`,
            );
          }
          const needsLead = await requireProposalOnly(
            permissions,
            credentials,
            pavedEnvironmentApplyPermission,
            env,
            {
              denied: `${identity.user} may not roll back ${cluster}/${namespace} nor ask for it: it belongs to ${env.team}`,
              allowed: `${identity.user} may roll back ${cluster}/${namespace} directly; no approval is needed`,
            },
            agent !== undefined,
          );
          const checked = await restorerOf().check(
            {
              cluster,
              namespace,
              revision: change.revision,
              component: change.component,
              identity,
            },
            'read-only',
          );
          const prune = checked.restore.prune.map(revisionObjectName);
          return {
            team: env.team,
            needsLead,
            summary: RevisionRestorer.describe(checked),
            diff: `${checked.restore.plan.diff}${prune
              .map(p => `--- live/${p}\n+++ /dev/null (removed)\n`)
              .join('')}`,
            payload: {
              revision: change.revision,
              ...(change.component ? { component: change.component } : {}),
              wait: change.wait,
              timeoutSeconds: Math.min(change.timeoutSeconds, MAX_WAIT_SECONDS),
              manifests: checked.objects,
              prune,
              ...(change.note ? { note: change.note } : {}),
              ...(checked.restore.plan.impact
                ? { impact: checked.restore.plan.impact }
                : {}),
            },
          };
        },
      };
    },
    open(request, payload) {
      const target = (approver: ClusterIdentity) => ({
        cluster: request.cluster,
        namespace: request.namespace,
        revision: payload.revision,
        component: payload.component,
        identity: approver,
      });
      const runAs = (approver: ClusterIdentity) => async () => {
        const checked = await restorerOf().check(target(approver));
        return restorerOf().run(checked, {
          wait: payload.wait,
          timeoutSeconds: payload.timeoutSeconds,
          source: { approvalId: request.id },
        });
      };
      return {
        environment: () =>
          existingEnvironment(clusters, request.cluster, request.namespace),
        async review(approver) {
          // the approver's own dry run, before the approval is recorded
          const checked = await restorerOf().check(target(approver));
          return () =>
            restorerOf().run(checked, {
              wait: payload.wait,
              timeoutSeconds: payload.timeoutSeconds,
              source: { approvalId: request.id },
            });
        },
        run: runAs,
        runAudit: {
          action: 'kubernetes.rollback',
          details: { revision: payload.revision },
        },
        facts: {
          objects: payload.manifests,
          force: true,
          ...(payload.note ? { note: payload.note } : {}),
          ...(payload.impact ? { impact: payload.impact } : {}),
          rollback: {
            revision: payload.revision,
            ...(payload.component ? { component: payload.component } : {}),
            prune: payload.prune,
          },
        },
      };
    },
  });
}
