import { KubernetesObject } from '../apply/types';
import { checkGuardrails } from './checkGuardrails';
import { DEFAULT_FORBIDDEN_KINDS, GuardrailPolicy } from './types';

const policy: GuardrailPolicy = {
  podSecurityRestricted: true,
  requireResources: true,
  requireProbes: true,
  forbidLatestTag: true,
  allowedRegistries: [],
  forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
  requireTeamEnvironment: true,
};

const namespaces = {
  'checkout-dev': {
    exists: true,
    managed: true,
    team: 'group:default/team-checkout',
  },
};

/** Discovery as the engine would answer it: these kinds are cluster-scoped. */
const discoveredClusterScoped = new Set([
  'StorageClass',
  'PersistentVolume',
  'PriorityClass',
  'ClusterRole',
  'Namespace',
  'Widget', // a custom resource that is cluster-scoped
]);

const check = (
  object: KubernetesObject,
  caller: { platformAdmin?: boolean; discovery?: boolean } = {},
) =>
  checkGuardrails([{ object, source: 'x.yaml#0' }], {
    policy,
    ownership: ['group:default/team-checkout'],
    defaultNamespace: 'checkout-dev',
    namespaces,
    // without discovery, every kind looks namespaced; the known list must still catch Kubernetes' own
    isNamespaced: o =>
      caller.discovery === false || !discoveredClusterScoped.has(o.kind),
    ...(caller.platformAdmin !== undefined
      ? { platformAdmin: caller.platformAdmin }
      : {}),
  });

const storageClass: KubernetesObject = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'fast' },
  provisioner: 'example.com/fast',
};
const persistentVolume: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1' },
  spec: { capacity: { storage: '1Gi' }, hostPath: { path: '/tmp/pv' } },
};
const priorityClass: KubernetesObject = {
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name: 'urgent' },
  value: 1000000,
};
const widget: KubernetesObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
};
const tokenSecret: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'ci-token',
    annotations: { 'kubernetes.io/service-account.name': 'default' },
  },
  type: 'kubernetes.io/service-account-token',
};
const opaqueSecret: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db' },
  type: 'Opaque',
  stringData: { password: 'x' },
};

describe('guardrails for cluster-scoped kinds and service account tokens', () => {
  it.each`
    object              | caller                                        | rules
    ${storageClass}     | ${{}}                                         | ${['cluster-scoped']}
    ${storageClass}     | ${{ platformAdmin: false }}                   | ${['cluster-scoped']}
    ${storageClass}     | ${{ platformAdmin: false, discovery: false }} | ${['cluster-scoped']}
    ${storageClass}     | ${{ platformAdmin: true }}                    | ${[]}
    ${persistentVolume} | ${{ platformAdmin: false }}                   | ${['cluster-scoped']}
    ${persistentVolume} | ${{ platformAdmin: false, discovery: false }} | ${['cluster-scoped']}
    ${persistentVolume} | ${{ platformAdmin: true }}                    | ${[]}
    ${priorityClass}    | ${{ platformAdmin: false }}                   | ${['cluster-scoped']}
    ${priorityClass}    | ${{ platformAdmin: true }}                    | ${[]}
    ${widget}           | ${{ platformAdmin: false }}                   | ${['cluster-scoped']}
    ${widget}           | ${{ platformAdmin: true }}                    | ${[]}
    ${tokenSecret}      | ${{}}                                         | ${['secret.service-account-token']}
    ${tokenSecret}      | ${{ platformAdmin: false }}                   | ${['secret.service-account-token']}
    ${tokenSecret}      | ${{ platformAdmin: true }}                    | ${[]}
    ${opaqueSecret}     | ${{ platformAdmin: false }}                   | ${[]}
  `(
    '$object.kind $object.metadata.name for $caller → $rules',
    ({ object, caller, rules }) => {
      expect(check(object, caller).map(v => v.rule)).toEqual(rules);
    },
  );

  it('names the object, the field and the fix of a cluster-scoped refusal', () => {
    const [v] = check(storageClass, { platformAdmin: false });
    expect(v).toMatchObject({
      rule: 'cluster-scoped',
      object: 'StorageClass fast',
      source: 'x.yaml#0',
      path: 'kind',
    });
    expect(v.message).toContain(
      'storage.k8s.io/v1 StorageClass is cluster-scoped',
    );
    expect(v.fix).toContain('ask the platform team');
  });

  it('names the object, the field, the account and the fix of a token Secret refusal', () => {
    const [v] = check(tokenSecret, { platformAdmin: false });
    expect(v).toMatchObject({
      rule: 'secret.service-account-token',
      object: 'Secret checkout-dev/ci-token',
      path: 'type',
    });
    expect(v.message).toContain('ServiceAccount "default"');
    expect(v.fix).toContain('serviceAccountToken volume');
  });

  it('keeps reporting forbidden kinds once, for admins too', () => {
    const clusterRole: KubernetesObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'r' },
    };
    expect(
      check(clusterRole, { platformAdmin: false }).map(v => v.rule),
    ).toEqual(['kinds']);
    expect(
      check(clusterRole, { platformAdmin: true }).map(v => v.rule),
    ).toEqual(['kinds']);
  });

  it('does not send a known cluster-scoped kind through the environment check', () => {
    const found = check(persistentVolume, {
      platformAdmin: true,
      discovery: false,
    });
    expect(found.map(v => v.rule)).not.toContain('environment');
  });
});
