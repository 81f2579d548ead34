import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import yaml from 'yaml';
import { createRenderManifestsAction } from './render';
import { renderExamples } from './render.examples';

const spec = {
  name: 'checkout-api',
  owner: 'group:default/team-checkout',
  image: 'registry.paved.local/checkout-api:1.4.2',
  env: { DATABASE_URL: 'secret/checkout-db/url' },
};

describe('kubernetes:manifests:render', () => {
  const workspace = createMockDirectory();
  const action = createRenderManifestsAction();

  beforeEach(() => workspace.clear());

  const contextWith = (input: Record<string, unknown>) =>
    createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
    });

  it('writes one YAML file per object and outputs the objects and files', async () => {
    const ctx = contextWith({
      goldenPath: 'web-service',
      spec,
      namespace: 'checkout-dev',
      environment: 'dev',
      outputPath: './manifests',
    });
    await action.handler(ctx);

    const files = [
      'manifests/serviceaccount-checkout-api.yaml',
      'manifests/deployment-checkout-api.yaml',
      'manifests/service-checkout-api.yaml',
      'manifests/ingress-checkout-api.yaml',
      'manifests/horizontalpodautoscaler-checkout-api.yaml',
      'manifests/poddisruptionbudget-checkout-api.yaml',
      'manifests/networkpolicy-checkout-api.yaml',
      'manifests/servicemonitor-checkout-api.yaml',
    ];
    expect(ctx.output).toHaveBeenCalledWith('files', files);
    const manifests = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'manifests',
    )?.[1];
    expect(manifests).toHaveLength(8);
    expect(Object.keys(workspace.content() ?? {})).toEqual(['manifests']);

    const deployment = yaml.parse(
      fs.readFileSync(workspace.resolve(files[1]), 'utf8'),
    );
    expect(deployment).toEqual(manifests[1]);
    expect(deployment).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'checkout-api', namespace: 'checkout-dev' },
    });
    expect(deployment.spec.template.spec.containers[0].env[0]).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'checkout-db', key: 'url' } },
    });
  });

  it('writes into the default ./manifests folder and uses the configured registry', async () => {
    const withRegistry = createRenderManifestsAction({
      defaults: { imageRegistry: 'registry.example.com' },
    });
    const ctx = contextWith({
      goldenPath: 'cron-job',
      spec: {
        name: 'nightly-report',
        owner: spec.owner,
        buildpack: 'go',
        version: '3.2.0',
        schedule: '0 3 * * *',
      },
    });
    await withRegistry.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'manifests/serviceaccount-nightly-report.yaml',
      'manifests/cronjob-nightly-report.yaml',
    ]);
    const job = yaml.parse(
      fs.readFileSync(
        workspace.resolve('manifests/cronjob-nightly-report.yaml'),
        'utf8',
      ),
    );
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].image).toBe(
      'registry.example.com/nightly-report:3.2.0',
    );
    expect(job.metadata.namespace).toBeUndefined();
  });

  it.each([
    [{ ...spec, name: 'Checkout_API' }, 'name: use lowercase letters'],
    [{ ...spec, port: 70000 }, 'port (70000) is above the maximum of 65535'],
    [
      { ...spec, env: { DATABASE_URL: 'secret/checkout-db' } },
      'env.DATABASE_URL ("secret/checkout-db") is not a valid secret reference; write it as secret/<secret-name>/<key>',
    ],
    [
      { ...spec, autoscaling: { min: 5, max: 2 } },
      'autoscaling.max (2) is below autoscaling.min (5); raise max or lower min',
    ],
  ])('writes nothing for an invalid spec %#', async (bad, message) => {
    const ctx = contextWith({ goldenPath: 'web-service', spec: bad });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(message);
    expect(workspace.content()).toEqual({});
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('writes nothing for a bad cron schedule', async () => {
    const ctx = contextWith({
      goldenPath: 'cron-job',
      spec: { ...spec, name: 'nightly', schedule: '0 25 * * *' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /schedule \("0 25 \* \* \*"\) is not a valid cron schedule: hour "25": .*0-23; write five fields/,
    );
    expect(workspace.content()).toEqual({});
  });

  it('refuses an output path outside the workspace before writing', async () => {
    const ctx = contextWith({
      goldenPath: 'web-service',
      spec,
      outputPath: '../outside',
    });
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
    expect(workspace.content()).toEqual({});
  });

  it('has examples that render', async () => {
    for (const example of renderExamples) {
      const step = yaml.parse(example.example).steps[0];
      const input = JSON.parse(
        JSON.stringify(step.input)
          .replaceAll('${{ parameters.name }}', 'checkout-api')
          .replaceAll('${{ parameters.owner }}', 'group:default/team-checkout'),
      );
      workspace.clear();
      await expect(action.handler(contextWith(input))).resolves.toBeUndefined();
    }
  });
});
