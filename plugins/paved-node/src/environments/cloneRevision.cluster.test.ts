import { ConfigReader } from '@backstage/config';
import { RevisionRecord } from '@paved/plugin-paved-common';
import { randomBytes } from 'node:crypto';
import { ApplyEngine } from '../apply/ApplyEngine';
import { applyObjects } from '../apply/applyObjects';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import { localAdminClient, localClusterRegistry } from '../testUtils';
import { EnvironmentService } from './EnvironmentService';
import { INCOMPLETE_LABEL, INCOMPLETE_UNTIL_ANNOTATION } from './incomplete';

// Talks to the local cluster. Its environments belong to a team of this run alone.
jest.setTimeout(120_000);

const run = randomBytes(3).toString('hex');
const team = `group:default/clonerev-${run}`;
const developer = { user: `user:default/dev-${run}`, groups: [team] };
const admin = {
  user: 'user:default/erin',
  groups: ['group:default/team-platform'],
};

describe('a clone records its revision and marks its target complete (local cluster)', () => {
  const clusters = localClusterRegistry();
  const environments = EnvironmentService.fromConfig(
    new ConfigReader({
      paved: {
        access: { platformAdminGroups: ['group:default/team-platform'] },
      },
    }),
    {
      clusters,
      engine: new ApplyEngine(
        clusters,
        readGuardrailPolicy(new ConfigReader({})),
      ),
    },
  );
  let cluster: KubernetesClient;
  const made: string[] = [];
  let source = '';

  beforeAll(async () => {
    cluster = await localAdminClient();
    const created = await environments.create({
      cluster: 'local',
      actor: admin,
      spec: {
        name: `src-${run}`,
        team,
        size: 'small',
        lifecycle: 'persistent',
      },
    });
    source = created.namespace;
    made.push(source);
    const objects: KubernetesObject[] = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { MODE: 'test' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
    ];
    await applyObjects(cluster, objects, { defaultNamespace: source });
  });
  afterAll(async () => {
    await Promise.all(
      made.map(ns =>
        cluster
          .request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` })
          .catch(() => undefined),
      ),
    );
  });

  const clone = async (
    name: string,
    record: (r: RevisionRecord) => Promise<number | undefined>,
  ) => {
    const plan = await environments.planClone({
      cluster: 'local',
      source,
      target: {
        name,
        team,
        size: 'small',
        lifecycle: 'ephemeral',
        ttlHours: 1,
      },
      actor: developer,
    });
    made.push(plan.targetNamespace);
    return environments.runClone(plan, {
      actor: developer,
      wait: false,
      revisions: { record },
    });
  };

  const markers = async (namespace: string) => {
    const ns = await cluster.request<KubernetesObject>({
      path: `/api/v1/namespaces/${namespace}`,
    });
    return {
      label: ns.metadata.labels?.[INCOMPLETE_LABEL],
      until: ns.metadata.annotations?.[INCOMPLETE_UNTIL_ANNOTATION],
    };
  };

  it('records one applied revision naming every copy, and the target is no longer marked incomplete', async () => {
    const records: RevisionRecord[] = [];
    const result = await clone(`copy-${run}`, async r => {
      records.push(r);
      return records.length;
    });
    expect(records).toHaveLength(1);
    const [revision] = records;
    expect(revision).toMatchObject({
      cluster: 'local',
      namespace: result.namespace,
      actor: developer.user,
      source: { kind: 'clone' },
      outcome: 'applied',
    });
    expect(
      revision.results?.map(r => `${r.kind}/${r.name} ${r.result}`).sort(),
    ).toEqual(['ConfigMap/settings created', 'Service/web created']);
    expect(revision.diff).toContain('+  MODE: test');
    expect(await markers(result.namespace)).toEqual({
      label: undefined,
      until: undefined,
    });
  });

  it('finishes the clone when the revision cannot be recorded: the change has happened', async () => {
    const result = await clone(`norec-${run}`, async () => {
      throw new Error('revision store unreachable');
    });
    expect(result.applied.map(a => `${a.kind}/${a.name}`).sort()).toEqual([
      'ConfigMap/settings',
      'Service/web',
    ]);
    expect(await markers(result.namespace)).toEqual({
      label: undefined,
      until: undefined,
    });
  });
});
