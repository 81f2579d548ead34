import { RevisionRecord } from '@paved/plugin-paved-common';
import { ApplyPlan } from '../apply/plan';
import { revisionRecords, withRevision } from './recordRevision';

const secretValue = Buffer.from('s3cr3t-passw0rd').toString('base64');

const plan: ApplyPlan = {
  cluster: 'local',
  objects: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'checkout-dev' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'checkout-dev' },
      data: { password: secretValue },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shared', namespace: 'checkout-staging' },
    },
  ],
  results: [],
  diff: 'the diff',
  warnings: [],
};
const applied = (name: string, namespace: string) => ({
  apiVersion: 'v1',
  kind: name === 'api' ? 'Deployment' : 'ConfigMap',
  name,
  namespace,
  result: 'created' as const,
});
const source = { kind: 'apply' as const, taskId: 'task-1' };

describe('recording revisions', () => {
  it('makes one revision per namespace, with Secrets as key names only', () => {
    const records = revisionRecords({
      plan,
      actor: 'user:default/bob',
      source,
      applied: [applied('api', 'checkout-dev')],
    });
    expect(records.map(r => [r.namespace, r.manifests.length])).toEqual([
      ['checkout-dev', 2],
      ['checkout-staging', 1],
    ]);
    expect(JSON.stringify(records)).not.toContain(secretValue);
    expect(records[0].manifests[1]).toMatchObject({
      kind: 'Secret',
      data: { password: 'redacted' },
    });
    expect(records[0]).toMatchObject({
      outcome: 'applied',
      diff: 'the diff',
      results: [{ kind: 'Deployment', name: 'api', result: 'created' }],
    });
  });

  it('records a change that failed after its first write, and nothing for one refused before', async () => {
    const recorded: RevisionRecord[] = [];
    const recorder = {
      record: async (r: RevisionRecord) => {
        recorded.push(r);
        return recorded.length;
      },
    };
    const change = { plan, actor: 'user:default/bob', source };
    await expect(
      withRevision(recorder, change, async onApplied => {
        onApplied(applied('api', 'checkout-dev'));
        throw new Error('Rollout of Deployment checkout-dev/api failed');
      }),
    ).rejects.toThrow('Rollout of');
    expect(recorded.map(r => [r.namespace, r.outcome, r.message])).toEqual([
      [
        'checkout-dev',
        'failed',
        'Rollout of Deployment checkout-dev/api failed',
      ],
      [
        'checkout-staging',
        'failed',
        'Rollout of Deployment checkout-dev/api failed',
      ],
    ]);

    recorded.length = 0;
    await expect(
      withRevision(recorder, change, async () => {
        throw new Error('guardrails refused it');
      }),
    ).rejects.toThrow('guardrails');
    expect(recorded).toEqual([]);
  });

  it('does not fail a change that happened when its revision cannot be recorded', async () => {
    const result = await withRevision(
      { record: async () => Promise.reject(new Error('database down')) },
      { plan, actor: 'user:default/bob', source },
      async onApplied => {
        onApplied(applied('api', 'checkout-dev'));
        return 'done';
      },
    );
    expect(result).toBe('done');
  });
});
