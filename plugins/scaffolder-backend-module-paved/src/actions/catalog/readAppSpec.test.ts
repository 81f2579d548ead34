import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAppSpec } from '@paved/plugin-paved-common';
import yaml from 'yaml';
import { createReadAppSpecAction } from './readAppSpec';
import { readAppSpecExamples } from './readAppSpec.examples';

const spec = {
  name: 'orders-api',
  owner: 'group:default/team-checkout',
  image: 'registry.paved.local/orders-api:1.0.0',
  env: { LOG_LEVEL: 'info' },
};

describe('paved:app-spec:read', () => {
  const workspace = createMockDirectory();
  const action = createReadAppSpecAction();
  beforeEach(() => workspace.clear());

  const run = async (input: Record<string, unknown>) => {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
    return outputs as Record<string, any>;
  };

  it('outputs an inline spec without the empty fields a form leaves, with its paved.yaml text', async () => {
    const out = await run({
      goldenPath: 'web-service',
      spec: {
        ...spec,
        resources: { requests: {}, limits: { memory: '' } },
        probes: { liveness: {}, readiness: { path: '/ready' } },
        volumes: [],
        replicas: null,
      },
      patches: '',
    });
    expect(out.goldenPath).toBe('web-service');
    expect(out.spec).toEqual({
      ...spec,
      probes: { readiness: { path: '/ready' } },
    });
    expect(out.name).toBe('orders-api');
    expect(out.owner).toBe('group:default/team-checkout');
    expect(yaml.parse(out.document)).toEqual({
      apiVersion: 'paved.dev/v1alpha1',
      kind: 'AppSpec',
      goldenPath: 'web-service',
      spec: out.spec,
    });
  });

  it.each([
    [
      'YAML',
      '- target: { kind: Deployment }\n  type: json\n  patch:\n    - { op: replace, path: /spec/revisionHistoryLimit, value: 10 }\n',
    ],
    [
      'JSON',
      '[{"target":{"kind":"Deployment"},"type":"json","patch":[{"op":"replace","path":"/spec/revisionHistoryLimit","value":10}]}]',
    ],
    [
      'a single patch',
      'target: { kind: Deployment }\ntype: json\npatch: [{ op: replace, path: /spec/revisionHistoryLimit, value: 10 }]\n',
    ],
  ])('adds expert patches written as %s', async (_label, text) => {
    const own = {
      target: { kind: 'Service' },
      type: 'strategic',
      patch: { metadata: { labels: { tier: 'web' } } },
    };
    const out = await run({
      goldenPath: 'web-service',
      spec: { ...spec, patches: [own] },
      patches: text,
    });
    expect(out.spec.patches).toEqual([
      own,
      {
        target: { kind: 'Deployment' },
        type: 'json',
        patch: [
          { op: 'replace', path: '/spec/revisionHistoryLimit', value: 10 },
        ],
      },
    ]);
    expect(() => parseAppSpec(out.spec, 'web-service')).not.toThrow();
  });

  it('reads a paved.yaml from the workspace', async () => {
    workspace.addContent({
      'paved.yaml': yaml.stringify({
        apiVersion: 'paved.dev/v1alpha1',
        kind: 'AppSpec',
        goldenPath: 'cron-job',
        spec: { ...spec, name: 'nightly', schedule: '0 3 * * *' },
      }),
    });
    const out = await run({ path: './paved.yaml', goldenPath: 'cron-job' });
    expect(out.goldenPath).toBe('cron-job');
    expect(out.spec.schedule).toBe('0 3 * * *');
  });

  it.each([
    [
      'an invalid spec, naming every field and fix',
      {
        goldenPath: 'web-service',
        spec: {
          ...spec,
          name: 'Orders_API',
          port: 70000,
          env: { DB: 'secret/only-two' },
          autoscaling: { min: 5, max: 2 },
        },
      },
      [
        'The web-service spec has 4 problem(s)',
        'name: use lowercase letters',
        'port (70000) is above the maximum of 65535',
        'env.DB ("secret/only-two") is not a valid secret reference; write it as secret/<secret-name>/<key>',
        'autoscaling.max (2) is below autoscaling.min (5); raise max or lower min',
      ],
    ],
    [
      'patches that are not YAML',
      { goldenPath: 'web-service', spec, patches: '- target: [unclosed' },
      ['patches: not valid YAML or JSON (line 1)'],
    ],
    [
      'patches that are not a list',
      { goldenPath: 'web-service', spec, patches: 'just words' },
      ['patches: write a list of patches (YAML or JSON)'],
    ],
    [
      'a bad patch',
      {
        goldenPath: 'web-service',
        spec,
        patches: '- target: { kind: deployment }\n  type: json\n  patch: []\n',
      },
      ['write a Kind name, e.g. Deployment'],
    ],
    [
      'a spec without golden path',
      { spec },
      ['goldenPath is missing; set it to one of web-service, worker'],
    ],
    [
      'both a path and a spec',
      { path: './paved.yaml', spec, goldenPath: 'worker' },
      ['either inline (input spec) or as a workspace file (input path)'],
    ],
    [
      'a missing file',
      { path: './paved.yaml' },
      ['path "./paved.yaml": no such file in the task workspace'],
    ],
  ])('refuses %s', async (_label, input, messages) => {
    const failure = run(input);
    await expect(failure).rejects.toThrow(InputError);
    for (const message of messages) {
      await expect(failure).rejects.toThrow(message);
    }
  });

  it.each([
    [
      'a document with unknown fields and no spec',
      'goldenPath: lambda\nkind: Deployment\nimage: x\n',
      [
        'image: is not a field of an app spec document',
        'kind: is "Deployment"; write kind: AppSpec or leave it out',
        'goldenPath: is "lambda"; write one of web-service, worker, cron-job, database',
        'spec: is missing',
      ],
    ],
    [
      'another golden path than expected',
      yaml.stringify({
        goldenPath: 'database',
        spec: { ...spec, storage: '1Gi' },
      }),
      ['describes a database but worker was expected'],
    ],
    [
      'two documents',
      'goldenPath: worker\n---\ngoldenPath: worker\n',
      ['holds 2 YAML documents'],
    ],
  ])('refuses a paved.yaml with %s', async (_label, text, messages) => {
    workspace.addContent({ 'paved.yaml': text });
    const failure = run({ path: './paved.yaml', goldenPath: 'worker' });
    for (const message of messages) {
      await expect(failure).rejects.toThrow(message);
    }
  });

  it('has examples whose steps use it', () => {
    for (const example of readAppSpecExamples) {
      const steps = yaml.parse(example.example).steps;
      expect(steps.map((s: { action: string }) => s.action)).toContain(
        'paved:app-spec:read',
      );
    }
  });
});
