import { InputError } from '@backstage/errors';
import { KubernetesObject } from '../apply/types';
import { checkGuardrails } from '../guardrails/checkGuardrails';
import { guardrailContext, simpleSpecs } from './__fixtures__/specs';
import { strategicMerge } from './patches';
import { renderGoldenPath } from './renderGoldenPath';

const web = simpleSpecs['web-service'];
const withPatches = (patches: unknown[]) =>
  renderGoldenPath({ ...web, patches } as typeof web, 'web-service', {
    namespace: 'checkout-dev',
  });
const deploymentOf = (objects: KubernetesObject[]) =>
  objects.find(o => o.kind === 'Deployment') as any;
const guardrails = (objects: KubernetesObject[]) =>
  checkGuardrails(
    objects.map((object, i) => ({ object, source: `render#${i}` })),
    guardrailContext,
  );

/** A container's env without the OpenTelemetry variables every app container gets (telemetry.test.ts). */
const appEnv = (env: Array<{ name: string }>) =>
  env.filter(e => !e.name.startsWith('OTEL_'));

describe('expert patches', () => {
  it('merges containers and env by name with a strategic patch', () => {
    const objects = withPatches([
      {
        target: { kind: 'Deployment', name: 'checkout-api' },
        type: 'strategic',
        patch: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'checkout-api',
                    env: [
                      { name: 'LOG_LEVEL', value: 'debug' },
                      { name: 'FEATURE_X', value: 'on' },
                    ],
                    resources: { limits: { memory: '2Gi' } },
                  },
                  {
                    name: 'proxy',
                    image: 'registry.paved.local/proxy:1.0.0',
                  },
                ],
              },
            },
          },
        },
      },
    ]);
    const [app, proxy] = deploymentOf(objects).spec.template.spec.containers;
    expect(app.image).toBe('registry.paved.local/checkout-api:1.4.2');
    expect(app.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(appEnv(app.env)).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'checkout-db', key: 'url' } },
      },
      { name: 'PORT', value: '8080' },
      { name: 'FEATURE_X', value: 'on' },
    ]);
    expect(app.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
    expect(proxy).toEqual({
      name: 'proxy',
      image: 'registry.paved.local/proxy:1.0.0',
    });
  });

  it('removes fields set to null and list items marked $patch: delete', () => {
    const objects = withPatches([
      {
        target: { kind: 'Deployment' },
        type: 'strategic',
        patch: {
          spec: {
            strategy: null,
            template: {
              spec: {
                containers: [
                  {
                    name: 'checkout-api',
                    env: [{ name: 'LOG_LEVEL', $patch: 'delete' }],
                  },
                ],
              },
            },
          },
        },
      },
    ]);
    const deployment = deploymentOf(objects);
    expect(deployment.spec.strategy).toBeUndefined();
    expect(
      appEnv(deployment.spec.template.spec.containers[0].env).map(e => e.name),
    ).toEqual(['DATABASE_URL', 'PORT']);
  });

  it('applies JSON patch add, replace and remove operations in order', () => {
    const objects = withPatches([
      {
        target: { kind: 'Deployment', name: 'checkout-api' },
        type: 'json',
        patch: [
          { op: 'replace', path: '/spec/replicas', value: 5 },
          {
            op: 'add',
            path: '/spec/template/spec/containers/0/env/-',
            value: { name: 'EXTRA', value: '1' },
          },
          {
            op: 'remove',
            path: '/spec/template/spec/topologySpreadConstraints',
          },
          {
            op: 'add',
            path: '/metadata/annotations/example.com~1owner',
            value: 'checkout',
          },
        ],
      },
      {
        target: { kind: 'Service' },
        type: 'json',
        patch: [{ op: 'replace', path: '/spec/ports/0/port', value: 8080 }],
      },
    ]);
    const deployment = deploymentOf(objects);
    expect(deployment.spec.replicas).toBe(5);
    expect(deployment.spec.template.spec.containers[0].env.at(-1)).toEqual({
      name: 'EXTRA',
      value: '1',
    });
    expect(
      deployment.spec.template.spec.topologySpreadConstraints,
    ).toBeUndefined();
    expect(deployment.metadata.annotations['example.com/owner']).toBe(
      'checkout',
    );
    expect(
      (objects.find(o => o.kind === 'Service') as any).spec.ports[0].port,
    ).toBe(8080);
    expect(guardrails(objects)).toEqual([]);
  });

  it('names the patch, the operation and the fix when a JSON patch cannot apply', () => {
    expect(() =>
      withPatches([
        {
          target: { kind: 'Deployment' },
          type: 'json',
          patch: [
            { op: 'replace', path: '/spec/replicas', value: 4 },
            { op: 'remove', path: '/spec/template/spec/nodeSelector' },
          ],
        },
      ]),
    ).toThrow(
      'patches[0].patch[1] (remove /spec/template/spec/nodeSelector): the path does not exist in the object; fix the path',
    );
    expect(() =>
      withPatches([
        {
          target: { kind: 'Deployment' },
          type: 'json',
          patch: [{ op: 'test', path: '/spec/replicas', value: 9 }],
        },
      ]),
    ).toThrow('the value at the path differs from the test value');
  });

  it('refuses a target the golden path does not render', () => {
    expect(() =>
      withPatches([
        { target: { kind: 'StatefulSet' }, type: 'strategic', patch: {} },
      ]),
    ).toThrow(
      /^patches\[0\]\.target: the web-service golden path renders no StatefulSet; target one of ServiceAccount checkout-api, Deployment checkout-api/,
    );
    expect(() =>
      withPatches([
        {
          target: { kind: 'Deployment', name: 'other' },
          type: 'strategic',
          patch: {},
        },
      ]),
    ).toThrow('renders no Deployment named "other"');
  });

  it('refuses a patch that leaves an object without a name', () => {
    expect(() =>
      withPatches([
        {
          target: { kind: 'Service' },
          type: 'strategic',
          patch: { metadata: { name: null } },
        },
      ]),
    ).toThrow(
      'patches[0] leaves Service checkout-api invalid: metadata.name: missing',
    );
  });

  it('lets guardrails catch a patch that breaks the pod security baseline', () => {
    const objects = withPatches([
      {
        target: { kind: 'Deployment' },
        type: 'strategic',
        patch: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'checkout-api',
                    securityContext: {
                      privileged: true,
                      allowPrivilegeEscalation: true,
                    },
                    livenessProbe: null,
                  },
                ],
              },
            },
          },
        },
      },
    ]);
    expect(guardrails(objects).map(v => [v.rule, v.path])).toEqual([
      [
        'pod-security.privileged',
        'spec.template.spec.containers[0].securityContext.privileged',
      ],
      [
        'pod-security.privilege-escalation',
        'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      ],
      ['probes', 'spec.template.spec.containers[0].livenessProbe'],
    ]);
  });

  it('lets guardrails catch a JSON patch that moves the app to the latest tag', () => {
    const objects = withPatches([
      {
        target: { kind: 'Deployment' },
        type: 'json',
        patch: [
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'registry.paved.local/checkout-api:latest',
          },
        ],
      },
    ]);
    expect(guardrails(objects).map(v => v.rule)).toEqual(['images.tag']);
  });
});

describe('strategicMerge', () => {
  it('changes neither input', () => {
    const target = { a: { b: [{ name: 'x', v: 1 }] } };
    const patch = { a: { b: [{ name: 'x', v: 2 }] } };
    const merged = strategicMerge(target, patch);
    expect(merged).toEqual({ a: { b: [{ name: 'x', v: 2 }] } });
    expect(target.a.b[0].v).toBe(1);
    expect(patch.a.b[0].v).toBe(2);
  });

  it('replaces lists that are not lists of named objects', () => {
    expect(strategicMerge({ args: ['a', 'b'] }, { args: ['c'] })).toEqual({
      args: ['c'],
    });
    expect(
      strategicMerge({ ports: [{ port: 1 }] }, { ports: [{ port: 2 }] }),
    ).toEqual({ ports: [{ port: 2 }] });
  });

  it('refuses keys that would reach the object prototype', () => {
    expect(() =>
      strategicMerge({}, JSON.parse('{"__proto__": {"polluted": true}}')),
    ).toThrow(InputError);
    expect(({} as any).polluted).toBeUndefined();
  });
});
