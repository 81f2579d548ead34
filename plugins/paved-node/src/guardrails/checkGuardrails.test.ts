import { checkGuardrails } from './checkGuardrails';
import { parseImage } from './images';
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
  'search-dev': {
    exists: true,
    managed: true,
    team: 'group:default/team-search',
  },
  'kube-system': { exists: true, managed: false },
};

const check = (
  object: any,
  overrides: Partial<GuardrailPolicy> = {},
  defaultNamespace = 'checkout-dev',
) =>
  checkGuardrails([{ object, source: 'x.yaml#0' }], {
    policy: { ...policy, ...overrides },
    ownership: ['group:default/team-checkout'],
    defaultNamespace,
    namespaces,
    isNamespaced: o => o.kind !== 'ClusterRole',
  });

const cronJob = (container: object) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly' },
  spec: {
    jobTemplate: { spec: { template: { spec: { containers: [container] } } } },
  },
});

describe('checkGuardrails', () => {
  it('accepts a ConfigMap in an environment of the user\u2019s team', () => {
    expect(
      check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
    ).toEqual([]);
  });

  it.each([
    [
      'search-dev',
      'belongs to group:default/team-search, not to a team of yours (group:default/team-checkout)',
    ],
    ['kube-system', 'is not a Paved environment'],
    ['nowhere', 'does not exist'],
  ])('refuses namespace %s', (ns, message) => {
    const [v] = check({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: ns },
    });
    expect(v).toMatchObject({
      rule: 'environment',
      object: `ConfigMap ${ns}/c`,
      source: 'x.yaml#0',
      path: 'metadata.namespace',
    });
    expect(v.message).toContain(message);
  });

  it('finds pod templates inside CronJobs and does not ask jobs for probes', () => {
    const found = check(
      cronJob({ name: 'c', image: 'registry.example.com/job:2' }),
    );
    const paths = found.map(v => v.path);
    expect(paths).toContain(
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    );
    expect(paths).toContain(
      'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory',
    );
    expect(paths.some(p => p.endsWith('Probe'))).toBe(false);
  });

  it('accepts pod-level runAsNonRoot and seccomp for every container', () => {
    const found = check({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name: 'c',
            image: 'registry.example.com/a@sha256:abc',
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
            },
            resources: {
              requests: { cpu: '1', memory: '1Gi' },
              limits: { cpu: '1', memory: '1Gi' },
            },
          },
        ],
      },
    });
    expect(found).toEqual([]);
  });

  it('leaves switched-off guardrails alone', () => {
    const found = check(cronJob({ name: 'c', image: 'nginx' }), {
      podSecurityRestricted: false,
      requireResources: false,
      forbidLatestTag: false,
      requireTeamEnvironment: false,
    });
    expect(found).toEqual([]);
  });

  it('treats group-qualified forbidden kinds', () => {
    const found = check(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'r' },
      },
      { forbiddenKinds: ['rbac.authorization.k8s.io/ClusterRole'] },
    );
    expect(found.map(v => v.rule)).toEqual(['kinds']);
  });
});

describe('parseImage', () => {
  it.each([
    ['nginx', { registry: 'docker.io' }],
    ['nginx:1.27', { registry: 'docker.io', tag: '1.27' }],
    ['library/nginx:latest', { registry: 'docker.io', tag: 'latest' }],
    [
      'registry.paved.local/app:1.0.0',
      { registry: 'registry.paved.local', tag: '1.0.0' },
    ],
    ['localhost:5000/app', { registry: 'localhost:5000' }],
    [
      'ghcr.io/org/app@sha256:abc',
      { registry: 'ghcr.io', digest: 'sha256:abc' },
    ],
  ])('reads %s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });
});
