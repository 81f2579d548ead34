import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { isErrorNamed } from '@paved/plugin-paved-common';
import {
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
  repoRoot,
} from '../testUtils';
import { applyObjects } from '../apply/applyObjects';
import { KubernetesClient } from './KubernetesClient';

// Talks to the local cluster.
jest.setTimeout(60_000);

/** The ServiceAccount of examples/rbac, which the local cluster gives Paved as its identity. */
const BUNDLE_IDENTITY = 'system:serviceaccount:paved-system:paved-backend';

type Check = {
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
};

const check = (
  verb: string,
  resource: string,
  more: Omit<Check, 'verb' | 'resource'> = {},
): Check => ({ verb, resource, ...more });

/** Everything Paved does with its own identity (see examples/rbac/README.md). */
const ALLOWED: Check[] = [
  check('impersonate', 'users'),
  check('impersonate', 'groups'),
  check('get', 'namespaces'),
  check('list', 'namespaces'),
  check('create', 'namespaces'),
  check('patch', 'namespaces'),
  check('delete', 'namespaces'),
  check('get', 'serviceaccounts', { namespace: 'checkout-dev' }),
  check('list', 'deployments', { group: 'apps' }),
  check('list', 'statefulsets', { group: 'apps' }),
  check('list', 'cronjobs', { group: 'batch' }),
  check('list', 'persistentvolumeclaims'),
  check('list', 'services'),
  ...['resourcequotas', 'limitranges'].flatMap(r =>
    ['get', 'create', 'patch'].map(v =>
      check(v, r, { namespace: 'checkout-dev' }),
    ),
  ),
  ...['get', 'create', 'patch'].map(v =>
    check(v, 'networkpolicies', {
      group: 'networking.k8s.io',
      namespace: 'checkout-dev',
    }),
  ),
  ...['get', 'create', 'patch'].map(v =>
    check(v, 'rolebindings', {
      group: 'rbac.authorization.k8s.io',
      namespace: 'checkout-dev',
    }),
  ),
  ...[
    'paved:developer',
    'paved:viewer',
    'paved:secret-writer',
    'paved:team-lead',
    'paved:backend-secrets',
    'admin',
  ].map(name =>
    check('bind', 'clusterroles', {
      group: 'rbac.authorization.k8s.io',
      name,
    }),
  ),
  // inside an environment, through its paved:backend binding: which Secret keys exist, rotation
  check('list', 'secrets', { namespace: 'checkout-dev' }),
  check('patch', 'secrets', { namespace: 'checkout-dev' }),
  check('patch', 'deployments', { group: 'apps', namespace: 'checkout-dev' }),
];

/** What a least-privilege identity for Paved must not be able to do. */
const REFUSED: Check[] = [
  check('impersonate', 'serviceaccounts'),
  check('impersonate', 'uids', { group: 'authentication.k8s.io' }),
  check('impersonate', 'userextras', { group: 'authentication.k8s.io' }),
  check('get', 'secrets'),
  check('list', 'secrets'),
  // Secrets only in environments, through their own binding
  check('list', 'secrets', { namespace: 'paved-system' }),
  check('get', 'secrets', { namespace: 'kube-system' }),
  check('list', 'pods'),
  check('get', 'pods', { subresource: 'log', namespace: 'checkout-dev' }),
  check('create', 'deployments', { group: 'apps', namespace: 'checkout-dev' }),
  check('update', 'namespaces'),
  check('delete', 'nodes'),
  check('list', 'nodes'),
  check('escalate', 'clusterroles', { group: 'rbac.authorization.k8s.io' }),
  check('bind', 'clusterroles', { group: 'rbac.authorization.k8s.io' }),
  check('bind', 'clusterroles', {
    group: 'rbac.authorization.k8s.io',
    name: 'cluster-admin',
  }),
  check('create', 'clusterroles', { group: 'rbac.authorization.k8s.io' }),
  check('create', 'clusterrolebindings', {
    group: 'rbac.authorization.k8s.io',
  }),
  check('create', 'roles', {
    group: 'rbac.authorization.k8s.io',
    namespace: 'checkout-dev',
  }),
];

const describeCheck = (c: Check) =>
  `${c.verb} ${c.group ? `${c.group}/` : ''}${c.resource}${
    c.subresource ? `/${c.subresource}` : ''
  }${c.name ? ` ${c.name}` : ''}${c.namespace ? ` in ${c.namespace}` : ''}`;

/** Whether `client`'s own identity may do `c`, asked with a SelfSubjectAccessReview. */
async function selfAllowed(
  client: KubernetesClient,
  c: Check,
): Promise<boolean> {
  const review = await client.request<{ status: { allowed: boolean } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { ...c } },
    },
  });
  return review.status.allowed;
}

/** Whether the bundle's ServiceAccount may do `c`, asked by the admin with a SubjectAccessReview. */
async function bundleAllowed(
  admin: KubernetesClient,
  c: Check,
): Promise<boolean> {
  const review = await admin.request<{ status: { allowed: boolean } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: BUNDLE_IDENTITY,
        groups: [
          'system:serviceaccounts',
          'system:serviceaccounts:paved-system',
          'system:authenticated',
        ],
        resourceAttributes: { ...c },
      },
    },
  });
  return review.status.allowed;
}

const rbacBundle = path.join(repoRoot(), 'examples', 'rbac');

describe('examples/rbac: the RBAC bundle of Paved\u2019s identity', () => {
  let paved: KubernetesClient;
  let admin: KubernetesClient;

  beforeAll(async () => {
    const env = localClusterEnv();
    // idempotent: the local cluster applies the same bundle when it starts
    execFileSync(
      env.PAVED_KUBECTL,
      [
        '--kubeconfig',
        env.PAVED_KUBE_ADMIN_KUBECONFIG,
        'apply',
        '--server-side',
        '--force-conflicts',
        '--field-manager=paved-cluster',
        '-k',
        rbacBundle,
      ],
      { stdio: 'pipe' },
    );
    paved = await localClusterRegistry().client('local');
    admin = await localAdminClient();
  });

  it('is the identity Paved is configured with on the local cluster', async () => {
    const review = await paved.request<{
      status: { userInfo: { username: string } };
    }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
      },
    });
    expect(review.status.userInfo.username).toBe(BUNDLE_IDENTITY);
  });

  /** Each check with the bundle's and Paved's answers. */
  const answersTo = (checks: Check[]) =>
    Promise.all(
      checks.map(async c => ({
        check: describeCheck(c),
        bundle: await bundleAllowed(admin, c),
        paved: await selfAllowed(paved, c),
      })),
    );

  it('grants everything Paved does as itself, to the bundle and to Paved', async () => {
    const answers = await answersTo(ALLOWED);
    expect(answers.filter(a => !a.bundle || !a.paved)).toEqual([]);
  });

  it('grants nothing beyond it: no Secrets outside environments, no nodes, pods or cluster-wide RBAC', async () => {
    const answers = await answersTo(REFUSED);
    expect(answers.filter(a => a.bundle || a.paved)).toEqual([]);
  });

  it('lets Paved bind the tier roles in an environment, and no other role', async () => {
    const binding = (name: string, role: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: 'checkout-dev' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: 'group:default/team-checkout',
        },
      ],
    });
    await expect(
      applyObjects(paved, [binding('paved-rbac-probe', 'paved:developer')], {
        dryRun: true,
      }),
    ).resolves.toHaveLength(1);

    const escalation = await applyObjects(
      paved,
      [binding('paved-rbac-probe-admin', 'cluster-admin')],
      { dryRun: true },
    ).then(
      () => undefined,
      error => error,
    );
    expect(isErrorNamed(escalation, 'NotAllowedError')).toBe(true);
    expect(String(escalation.message)).toMatch(/forbidden|escalat/i);
  });
});
