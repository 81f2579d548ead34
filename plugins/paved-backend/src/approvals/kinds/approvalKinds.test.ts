import { ConflictError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplyEngine,
  ClusterRegistry,
  EnvironmentService,
  SecretService,
  GroupLookup,
} from '@paved/plugin-paved-node';
import { ApprovalRequest } from '../ApprovalRequest';
import { createApprovalKinds, loadApproval } from './approvalKinds';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'checkout', namespace: 'checkout-prod' },
  spec: { replicas: 3 },
};

const applyPayload = {
  manifests: [deployment],
  force: true,
  wait: true,
  timeoutSeconds: 120,
  note: 'ship 1.4.2',
  previewDigest: 'a'.repeat(64),
};

const clonePayload = {
  plan: {
    cluster: 'local',
    source: 'checkout-staging',
    target: {
      name: 'production-eu',
      team: 'group:default/team-checkout',
      size: 'small',
      lifecycle: 'persistent',
    },
    targetNamespace: 'checkout-production-eu',
    secretPolicy: 'placeholder',
    objects: [deployment],
    notes: [],
  },
  wait: false,
  timeoutSeconds: 60,
};

function stored(overrides: Partial<ApprovalRequest>): ApprovalRequest {
  return {
    id: 'req-1',
    kind: 'apply',
    cluster: 'local',
    namespace: 'checkout-prod',
    team: 'group:default/team-checkout',
    requestedBy: 'user:default/bob',
    requestedAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-21T11:00:00.000Z',
    summary: 'Deployment checkout configured',
    diff: '',
    payload: applyPayload,
    status: 'pending',
    ...overrides,
  };
}

describe('approval kinds', () => {
  const kinds = createApprovalKinds({
    permissions: mockServices.permissions(),
    clusters: {} as Partial<ClusterRegistry> as ClusterRegistry,
    engine: {} as Partial<ApplyEngine> as ApplyEngine,
    environments: {} as Partial<EnvironmentService> as EnvironmentService,
    secrets: {} as Partial<SecretService> as SecretService,
    catalog: {} as Partial<GroupLookup> as GroupLookup,
  });

  it('reads a stored apply with its objects, force and note', () => {
    const approval = loadApproval(kinds, stored({}));
    expect(approval.runAudit).toEqual({ action: 'kubernetes.apply' });
    expect(approval.facts).toEqual({
      objects: [deployment],
      force: true,
      note: 'ship 1.4.2',
    });
  });

  it('reads a stored clone with the objects of its plan', () => {
    const approval = loadApproval(
      kinds,
      stored({ kind: 'environment-clone', payload: clonePayload }),
    );
    expect(approval.runAudit).toEqual({
      action: 'environment.clone',
      details: { source: 'checkout-staging' },
    });
    expect(approval.facts).toEqual({ objects: [deployment], force: false });
  });

  it('reads a stored secret request with its keys, and approves it only with every value', async () => {
    const approval = loadApproval(
      kinds,
      stored({
        kind: 'secret-values',
        namespace: 'checkout-production',
        payload: { secretName: 'db', keys: ['url', 'user'] },
      }),
    );
    expect(approval.runAudit).toEqual({
      action: 'secret.set',
      details: { secret: 'db', keys: ['url', 'user'] },
    });
    expect(approval.facts.secret).toEqual({
      name: 'db',
      keys: ['url', 'user'],
    });
    const lead = { user: 'user:default/alice', groups: [] };
    await expect(
      approval.review(lead, undefined, { url: 'x' }),
    ).rejects.toThrow('values: enter the value of user');
    await expect(
      approval.review(lead, undefined, { url: 'x', user: 'y', extra: 'z' }),
    ).rejects.toThrow('values: only the requested keys (url, user) may be set');
  });

  it('refuses a request of a kind it does not know', () => {
    expect(() => loadApproval(kinds, stored({ kind: 'bogus' }))).toThrow(
      new ConflictError(
        'Approval request req-1 is of kind "bogus", which Paved does not know how to run (known kinds: apply, environment-clone, secret-values, rollback, environment-delete); nothing was run',
      ),
    );
  });

  it.each([
    ['a clone whose payload is an apply', 'environment-clone', applyPayload],
    ['an apply whose payload is a clone', 'apply', clonePayload],
    ['an apply without manifests', 'apply', { ...applyPayload, manifests: [] }],
    [
      'a clone that would copy secret values',
      'environment-clone',
      {
        ...clonePayload,
        plan: { ...clonePayload.plan, secretPolicy: 'copy' },
      },
    ],
    [
      'an apply waiting longer than an approval runs',
      'apply',
      { ...applyPayload, timeoutSeconds: 3600 },
    ],
    [
      'a secret request that holds a value',
      'secret-values',
      { secretName: 'db', keys: ['url'], values: { url: 'postgres://x' } },
    ],
    [
      'a secret request without keys',
      'secret-values',
      { secretName: 'db', keys: [] },
    ],
  ])('refuses %s', (_, kind, payload) => {
    expect(() => loadApproval(kinds, stored({ kind, payload }))).toThrow(
      expect.objectContaining({
        name: 'ConflictError',
        message: expect.stringMatching(
          new RegExp(
            `^Approval request req-1 \\(${kind}\\) holds a change that is not a valid ${kind} change \\(.+\\); nothing was run`,
          ),
        ),
      }),
    );
  });
});
