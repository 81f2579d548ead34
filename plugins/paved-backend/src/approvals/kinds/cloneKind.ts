import { InputError, NotFoundError } from '@backstage/errors';
import {
  EnvironmentCloneChange,
  pavedEnvironmentClonePermission,
} from '@paved/plugin-paved-common';
import { ClusterIdentity, teamLeadsOf } from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import {
  ApprovalKindDeps,
  MAX_WAIT_SECONDS,
  defineApprovalKind,
  storedObjectSchema,
} from './ApprovalKind';
import { requireProposalOnly } from './requireProposalOnly';

/** The new environment a clone plan makes. */
const environmentSpecSchema = z
  .object({
    name: z.string(),
    team: z.string(),
    size: z.string(),
    lifecycle: z.enum(['persistent', 'ephemeral']),
    ttlHours: z.number().optional(),
    namespace: z.string().optional(),
    teamLeads: z.array(z.string()).optional(),
    createdBy: z.string().optional(),
    pullRequest: z
      .object({ number: z.number().int().positive(), url: z.string().url() })
      .optional(),
  })
  .passthrough();

/**
 * What an approved clone runs: the plan worked out when it was requested. A stored plan never holds secret
 * values, so its secret policy is `placeholder` or `skip`.
 */
const clonePayloadSchema = z.object({
  plan: z
    .object({
      cluster: z.string(),
      sourceCluster: z.string().optional(),
      source: z.string(),
      target: environmentSpecSchema,
      targetNamespace: z.string(),
      secretPolicy: z.enum(['placeholder', 'skip']),
      objects: z.array(storedObjectSchema),
      notes: z.array(z.string()),
    })
    .passthrough(),
  wait: z.boolean(),
  timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS),
});

/**
 * A clone into a new protected environment: requested with the plan made by reading the source as the
 * requester (stored with what it would write), run from that plan as the approver.
 */
export function cloneKind({
  environments,
  permissions,
  catalog,
  revisions,
}: ApprovalKindDeps) {
  return defineApprovalKind({
    kind: 'environment-clone',
    payload: clonePayloadSchema,
    async propose(
      change: EnvironmentCloneChange,
      { credentials, identity, agent },
    ) {
      const source = await environments.get(change.cluster, change.source);
      if (!source) {
        throw new NotFoundError(
          `source: no Paved environment ${change.source} on cluster ${change.cluster}; pick an existing environment to clone`,
        );
      }
      const team = change.team ?? source.team;
      const target = environments.prospective(change.cluster, {
        name: change.name,
        team,
      });
      const where = `${change.cluster}/${target.namespace}`;
      return {
        cluster: change.cluster,
        namespace: target.namespace,
        target: `clone ${change.source} → ${target.namespace}`,
        details: { source: change.source },
        async prepare() {
          const needsLead = await requireProposalOnly(
            permissions,
            credentials,
            pavedEnvironmentClonePermission,
            target,
            {
              denied: `${identity.user} may not clone into ${where} nor ask for it: it would belong to ${team}`,
              allowed: `${identity.user} may clone into ${where} directly; no approval is needed`,
            },
            agent !== undefined,
          );
          if (change.secretPolicy === 'copy') {
            throw new InputError(
              'secretPolicy: a clone that waits for approval does not store secret values; use "placeholder" (same keys, values to fill in) or "skip"',
            );
          }
          const plan = await environments.planClone({
            cluster: change.cluster,
            source: change.source,
            target: {
              name: change.name,
              team,
              size: change.size,
              lifecycle: change.lifecycle,
              ttlHours: change.ttlHours,
              teamLeads: await teamLeadsOf(catalog, team, credentials),
              createdBy: identity.user,
            },
            actor: identity,
            replicas: change.replicas,
            secretPolicy: change.secretPolicy,
            hostRewrite: change.hostRewrite,
          });
          const count = plan.objects.length;
          return {
            team,
            needsLead,
            summary: `Clone ${change.source} into the new environment ${
              target.namespace
            } (${count} object${count === 1 ? '' : 's'})`,
            diff: environments.cloneDiff(plan),
            payload: {
              plan,
              wait: change.wait,
              timeoutSeconds: Math.min(change.timeoutSeconds, MAX_WAIT_SECONDS),
            },
          };
        },
      };
    },
    open(request, { plan, wait, timeoutSeconds }) {
      const run = (approver: ClusterIdentity) => () =>
        environments.runClone(plan, {
          actor: approver,
          wait,
          timeoutMs: timeoutSeconds * 1000,
          // deciding was authorized for this environment (team lead or platform admin)
          authorizedNamespaces: [request.namespace],
          revisions,
          revisionSource: { kind: 'clone', approvalId: request.id },
        });
      return {
        // the environment the clone would make, as recorded with the request
        environment: async () =>
          environments.prospective(plan.cluster, plan.target),
        review: async approver => run(approver),
        run,
        runAudit: {
          action: 'environment.clone',
          details: { source: plan.source },
        },
        facts: { objects: plan.objects, force: false },
      };
    },
  });
}
