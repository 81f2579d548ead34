import { randomBytes } from 'node:crypto';
import {
  encodeEntityRefLabel,
  isErrorNamed,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
} from '@paved/plugin-paved-common';
import type { KubernetesClient } from '@paved/plugin-paved-node';
import { waitForDefaultServiceAccount } from '../environments/namespaces';

/**
 * Creates a namespace with a unique name for one test; `cleanup` deletes it.
 *
 * @public
 */
export async function createTestNamespace(
  admin: KubernetesClient,
  options: { prefix?: string; labels?: Record<string, string> } = {},
): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = `${options.prefix ?? 'test'}-${randomBytes(4).toString('hex')}`;
  await admin.request({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: options.labels },
    },
  });
  // pods can only be created once the namespace's default ServiceAccount exists
  if (
    !(await waitForDefaultServiceAccount(admin, name, {
      attempts: 100,
      intervalMs: 100,
    }))
  ) {
    throw new Error(
      `ServiceAccount default never appeared in namespace ${name}`,
    );
  }
  return {
    name,
    cleanup: async () => {
      try {
        await admin.request({
          method: 'DELETE',
          path: `/api/v1/namespaces/${name}`,
        });
      } catch (error) {
        if (!isErrorNamed(error, 'NotFoundError')) throw error;
      }
    },
  };
}

/**
 * The local cluster's name for Paved's own identity (examples/rbac).
 *
 * @public
 */
export const PAVED_BACKEND_USER =
  'system:serviceaccount:paved-system:paved-backend';

/**
 * Creates a Paved environment for one test: a namespace labelled as an environment of `team` that
 * enforces Pod Security "restricted", where the team's group may edit workloads (`paved:developer`).
 * The team label is set last, so the environment only shows up in the team's lists once the team can
 * read it. Suites that run beside each other on the shared cluster should each use a team of their own
 * (for example `group:default/test-<suite>`), so one suite's environments never appear in another's.
 *
 * @public
 */
export async function createTestEnvironment(
  admin: KubernetesClient,
  options: {
    team: string;
    prefix?: string;
    /** More labels, set with the team label (e.g. `paved.dev/environment`, which is `test` otherwise). */
    labels?: Record<string, string>;
    /** The team's ClusterRoles there (default `paved:developer`), e.g. a protected environment's tiers. */
    teamRoles?: string[];
    /** Also bind Paved's own identity to `paved:backend-secrets`, as environments Paved creates do. */
    backendAccess?: boolean;
  },
): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const ns = await createTestNamespace(admin, {
    prefix: options.prefix ?? 'env',
    labels: {
      [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY,
      [PAVED_LABELS.environment]: 'test',
      'pod-security.kubernetes.io/enforce': 'restricted',
    },
  });
  const bind = (name: string, role: string, subject: object) =>
    admin.request({
      method: 'POST',
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns.name}/rolebindings`,
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: role,
        },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
      },
    });
  const roles = options.teamRoles ?? ['paved:developer'];
  for (const [i, role] of roles.entries()) {
    await bind(i === 0 ? 'team' : `team-${i}`, role, {
      kind: 'Group',
      name: options.team,
    });
  }
  if (options.backendAccess) {
    await bind('paved:backend', 'paved:backend-secrets', {
      kind: 'User',
      name: PAVED_BACKEND_USER,
    });
  }
  await admin.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${ns.name}`,
    contentType: 'application/merge-patch+json',
    body: {
      metadata: {
        labels: {
          ...options.labels,
          [PAVED_LABELS.team]: encodeEntityRefLabel(options.team),
        },
      },
    },
  });
  return ns;
}
