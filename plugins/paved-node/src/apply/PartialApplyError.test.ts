import { loopbackServer } from '../testUtils/loopbackServer';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import { outcomeOfError, recordMutation } from '../audit/recordMutation';
import { applyObjects } from './applyObjects';
import {
  PartialApplyError,
  isPartialApplyError,
  partialApplyDetails,
} from './PartialApplyError';
import { KubernetesObject } from './types';

/**
 * A plain-HTTP API server double: discovery of v1 Namespaces and ConfigMaps, and server-side apply that
 * answers each object by name from `answers` (default 201 with the object).
 */
async function fakeApiServer(answers: Record<string, number>) {
  const server = await loopbackServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/api/v1') {
        res.end(
          JSON.stringify({
            resources: [
              { name: 'namespaces', kind: 'Namespace', namespaced: false },
              { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
            ],
          }),
        );
        return;
      }
      const name = decodeURIComponent(
        new URL(req.url ?? '', 'http://x').pathname.split('/').pop() ?? '',
      );
      const code = answers[name] ?? 201;
      res.statusCode = code;
      res.end(
        code < 300
          ? body
          : JSON.stringify({
              kind: 'Status',
              code,
              message: `refused ${name} (${code})`,
            }),
      );
    });
  });
  const client = await KubernetesClient.create(
    {
      name: 'fake',
      url: server.url,
      skipTLSVerify: true,
      impersonate: false,
    },
    undefined,
    {
      ...DEFAULT_PAVED_LIMITS,
      timeouts: { ...DEFAULT_PAVED_LIMITS.timeouts, kubernetesRetryMs: 300 },
    },
  );
  return { client, close: server.close };
}

const configMap = (name: string): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'dev' },
  data: { k: 'v' },
});
const namespace: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'dev' },
};

describe('an apply that fails part of the way', () => {
  let fake: Awaited<ReturnType<typeof fakeApiServer>> | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('names what was applied, what failed and why, once every object in flight has settled', async () => {
    fake = await fakeApiServer({ b: 422 });
    const landed: string[] = [];
    const error = await applyObjects(
      fake.client,
      [namespace, configMap('a'), configMap('b'), configMap('c')],
      {
        expected: ['created', 'created', 'created', 'created'],
        onApplied: a => landed.push(a.name),
      },
    ).catch(e => e);
    expect(isPartialApplyError(error)).toBe(true);
    const partial = error as PartialApplyError;
    expect(partial.statusCode).toBe(400);
    expect(partial.applied.map(a => a.name).sort()).toEqual(['a', 'c', 'dev']);
    expect(landed.sort()).toEqual(['a', 'c', 'dev']);
    expect(partial.notApplied).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'dev', name: 'b' },
    ]);
    expect(partial.failed).toEqual([
      {
        ref: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'dev',
          name: 'b',
        },
        reason: 'applying ConfigMap dev/b: refused b (422)',
      },
    ]);
    expect(partial.message).toMatch(
      /^Apply to cluster fake failed after 3 of 4 object\(s\); applied: .*Namespace dev.*; not applied: ConfigMap dev\/b; ConfigMap dev\/b failed: applying ConfigMap dev\/b: refused b \(422\); applying the same objects again finishes the change$/,
    );
    expect(partial.message).not.toContain('caused by');
    expect(outcomeOfError(partial)).toBe('failed');
  });

  it('sends nothing after a Namespace that failed, and names those objects as not attempted', async () => {
    fake = await fakeApiServer({ dev: 403 });
    const error = (await applyObjects(
      fake.client,
      [namespace, configMap('a'), configMap('b')],
      { expected: ['created', 'created', 'created'] },
    ).catch(e => e)) as PartialApplyError;
    expect(error.name).toBe('PartialApplyError');
    expect(error.statusCode).toBe(403);
    expect(error.applied).toEqual([]);
    expect(error.notAttempted.map(r => r.name)).toEqual(['a', 'b']);
    expect(error.notApplied.map(r => r.name)).toEqual(['dev', 'a', 'b']);
    // nothing changed: the outcome is that of the refusal
    expect(outcomeOfError(error)).toBe('refused');
    expect(error.cause).toMatchObject({ name: 'NotAllowedError' });
  });

  it('throws a single object’s failure as it is', async () => {
    fake = await fakeApiServer({ a: 409 });
    await expect(
      applyObjects(fake.client, [configMap('a')], { expected: ['created'] }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('records what was and was not applied in the audit trail entry', async () => {
    fake = await fakeApiServer({ b: 422 });
    const entries: any[] = [];
    await expect(
      recordMutation(
        { trail: { record: async e => entries.push(e) } },
        { action: 'kubernetes.apply', actor: 'user:default/dev' },
        () =>
          applyObjects(fake!.client, [configMap('a'), configMap('b')], {
            expected: ['created', 'created'],
          }),
      ),
    ).rejects.toThrow(PartialApplyError);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'failed',
      details: {
        cluster: 'fake',
        applied: ['ConfigMap dev/a created'],
        notApplied: ['ConfigMap dev/b'],
        failed: [
          {
            object: 'ConfigMap dev/b',
            reason: 'applying ConfigMap dev/b: refused b (422)',
          },
        ],
      },
    });
    expect(partialApplyDetails(new Error('other'))).toBeUndefined();
  });
});
