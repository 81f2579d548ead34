import { InputError, NotFoundError } from '@backstage/errors';
import {
  pavedEnvironmentApplyPermission,
  secretKeySchema,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  loadEnvironmentResource,
} from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import { ApprovalKindDeps, defineApprovalKind } from './ApprovalKind';
import { requireProposalOnly } from './requireProposalOnly';

/**
 * A developer's request to set keys of a Secret in a protected environment: the keys only. Paved keeps no
 * value, not even sealed: the approving lead enters the values again with the decision, so a value never
 * rests in Paved's database, its audit trail or a notification, and whoever approves knows what goes live.
 *
 * @public
 */
export interface SecretValuesChange {
  cluster: string;
  namespace: string;
  secretName: string;
  keys: string[];
  note?: string;
  entityRef?: string;
}

/** Keys only: a stored payload with anything more (a value, say) is refused, never run. */
const payloadSchema = z
  .object({
    secretName: z.string().min(1),
    keys: z.array(secretKeySchema).min(1),
    note: z.string().optional(),
  })
  .strict();

/** The keys-only diff a lead reviews. */
export function secretKeysDiff(
  namespace: string,
  secretName: string,
  keys: string[],
): string {
  return [
    `Secret/${namespace}/${secretName}`,
    ...keys.map(
      key =>
        `  set key ${key}  (value not stored; entered by the approving lead)`,
    ),
  ].join('\n');
}

/** Checks that the approver entered exactly the requested keys, each with a value. */
function approvedValues(
  keys: string[],
  values: Record<string, string> | undefined,
): Record<string, string> {
  const missing = keys.filter(k => !values?.[k]);
  const extra = Object.keys(values ?? {}).filter(k => !keys.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new InputError(
      `values: ${
        missing.length
          ? `enter the value of ${missing.join(', ')}`
          : `only the requested keys (${keys.join(', ')}) may be set`
      }; the request holds keys only, so the approving lead enters every value with the approval`,
    );
  }
  return Object.fromEntries(keys.map(k => [k, values![k]]));
}

/** The `secret-values` kind: keys asked for by a developer, values entered by the approving lead. */
export function secretValuesKind({
  clusters,
  permissions,
  secrets,
}: ApprovalKindDeps) {
  const environment = async (cluster: string, namespace: string) => {
    const env = await loadEnvironmentResource(clusters, cluster, namespace);
    if (!env) {
      throw new NotFoundError(
        `No environment ${namespace} on cluster ${cluster}`,
      );
    }
    return env;
  };
  return defineApprovalKind({
    kind: 'secret-values',
    payload: payloadSchema,
    async propose(change: SecretValuesChange, { credentials, identity }) {
      const { cluster, namespace, secretName, keys } = change;
      const where = `${cluster}/${namespace}`;
      return {
        cluster,
        namespace,
        target: `Secret ${secretName}`,
        details: { secret: secretName, keys },
        async prepare() {
          const env = await environment(cluster, namespace);
          await requireProposalOnly(
            permissions,
            credentials,
            pavedEnvironmentApplyPermission,
            env,
            {
              denied: `${identity.user} may not set secrets in ${where} nor ask for it`,
              allowed: `${identity.user} may set secrets in ${where} directly; no approval is needed`,
            },
          );
          return {
            team: env.team!,
            summary: `Set ${keys.length} key${
              keys.length === 1 ? '' : 's'
            } of Secret ${secretName}: ${keys.join(', ')}`,
            diff: secretKeysDiff(namespace, secretName, keys),
            payload: {
              secretName,
              keys,
              ...(change.note ? { note: change.note } : {}),
            },
          };
        },
      };
    },
    open(request, { secretName, keys, note }) {
      const run =
        (approver: ClusterIdentity, values?: Record<string, string>) =>
        async () => {
          const env = await environment(request.cluster, request.namespace);
          await secrets.setValues({
            cluster: request.cluster,
            namespace: request.namespace,
            team: env.team!,
            secretName,
            values: approvedValues(keys, values),
            actor: approver,
          });
        };
      return {
        environment: () => environment(request.cluster, request.namespace),
        review: async (approver, _confirm, values) => {
          // checked before the approval is recorded, so a decision without values stays pending
          approvedValues(keys, values);
          return run(approver, values);
        },
        run: approver => run(approver),
        runAudit: {
          action: 'secret.set',
          details: { secret: secretName, keys },
        },
        facts: {
          objects: [
            {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: secretName, namespace: request.namespace },
            },
          ],
          force: false,
          ...(note ? { note } : {}),
          secret: { name: secretName, keys },
        },
      };
    },
  });
}
