import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { GoldenPath, parseAppSpec } from '@paved/plugin-paved-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createKubernetesApplyAction } from './apply';
import { createReadAppSpecAction } from './catalog/readAppSpec';
import { createRegisterUrlAction } from './catalog/registerUrl';
import { createGitPublishAction } from './git/publish';
import { createGitRepositoryAction } from './git/repository';
import { createRegisterLocalAction } from './catalog/registerLocal';
import { createEnvironmentCloneAction } from './environment/clone';
import { createEnvironmentCreateAction } from './environment/create';
import { createEnvironmentDeleteAction } from './environment/delete';
import { createEnvironmentGitOpsAction } from './environment/gitops';
import { createRenderManifestsAction } from './render';

type Json = Record<string, any>;

const TEMPLATES = path.resolve(__dirname, '../../../../examples/templates');
const templates: Array<[string, Json]> = fs
  .readdirSync(TEMPLATES)
  .filter(f => f.endsWith('.yaml'))
  .sort()
  .map(f => [f, yaml.parse(fs.readFileSync(path.join(TEMPLATES, f), 'utf8'))]);
const templateNamed = (name: string) =>
  templates.find(([, t]) => t.metadata.name === name)![1];

const none = {} as any;
const MODULE_ACTIONS = [
  createKubernetesApplyAction(none),
  createRenderManifestsAction(),
  createEnvironmentCreateAction(none),
  createEnvironmentCloneAction(none),
  createEnvironmentDeleteAction(none),
  createEnvironmentGitOpsAction(none),
  createReadAppSpecAction(),
  createRegisterLocalAction({
    catalog: catalogServiceMock.mock(),
    config: mockServices.rootConfig(),
    auth: mockServices.auth(),
    userInfo: none,
  }),
  createRegisterUrlAction({
    catalog: catalogServiceMock.mock(),
    config: mockServices.rootConfig(),
    auth: mockServices.auth(),
    userInfo: none,
    urlReader: none,
  }),
  createGitRepositoryAction(none),
  createGitPublishAction(none),
].map(a => a.id);
const BUILT_IN_ACTIONS = [
  'fetch:template',
  'fetch:plain',
  'fetch:plain:file',
  'debug:log',
];

/** Properties a page defines, including those its dependencies reveal. */
function pageProperties(page: Json): string[] {
  const names = Object.keys(page.properties ?? {});
  for (const dependency of Object.values<Json>(page.dependencies ?? {})) {
    for (const branch of dependency.oneOf ?? []) {
      names.push(...Object.keys(branch.properties ?? {}));
    }
  }
  return names;
}

/** Every string in a value, with its path. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  }
  return [];
}

const SOLE = /^\$\{\{\s*parameters((?:\.[A-Za-z_]\w*)+)\s*\}\}$/;

/**
 * Fills a step input from form values the way the scaffolder does for the only forms the golden path
 * templates use there: a sole `${{ parameters.a.b }}` keeps the value's type and drops the key when unset.
 */
function resolve(value: unknown, parameters: Json): unknown {
  if (typeof value === 'string') {
    const match = SOLE.exec(value);
    if (match) {
      return match[1]
        .slice(1)
        .split('.')
        .reduce<any>((v, key) => v?.[key], parameters);
    }
    if (value.includes('${{')) {
      throw new Error(
        `the test cannot resolve ${value}; keep spec inputs to sole parameter expressions`,
      );
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(v => resolve(v, parameters));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, resolve(v, parameters)])
        .filter(([, v]) => v !== undefined),
    );
  }
  return value;
}

/**
 * What the form and the scaffolder's task API check: a small JSON Schema validator for the keywords the
 * templates use. Returns the paths of the values that break a rule.
 */
function schemaErrors(schema: Json, value: unknown, at = 'values'): string[] {
  if (value === undefined) return [];
  const errors: string[] = [];
  const fail = (rule: string) => errors.push(`${at}: ${rule}`);
  const type = schema.type;
  if (type === 'integer' && !Number.isInteger(value)) fail('type');
  if (type === 'string' && typeof value !== 'string') fail('type');
  if (type === 'boolean' && typeof value !== 'boolean') fail('type');
  if (type === 'array' && !Array.isArray(value)) fail('type');
  if (schema.const !== undefined && value !== schema.const) fail('const');
  if (schema.enum && !schema.enum.includes(value)) fail('enum');
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      fail('pattern');
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      fail('maxLength');
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail('minimum');
    if (schema.maximum !== undefined && value > schema.maximum) fail('maximum');
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) =>
      errors.push(...schemaErrors(schema.items, v, `${at}[${i}]`)),
    );
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Json;
    for (const key of schema.required ?? []) {
      if (object[key] === undefined) fail(`required ${key}`);
    }
    for (const [key, v] of Object.entries(object)) {
      const own = schema.properties?.[key];
      if (own) errors.push(...schemaErrors(own, v, `${at}.${key}`));
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(
          ...schemaErrors(schema.additionalProperties, v, `${at}.${key}`),
        );
      }
      if (schema.propertyNames) {
        errors.push(
          ...schemaErrors(schema.propertyNames, key, `${at} key ${key}`),
        );
      }
    }
    if (schema.oneOf) {
      const matching = schema.oneOf.filter(
        (branch: Json) => schemaErrors(branch, value, at).length === 0,
      );
      if (matching.length !== 1) fail(`oneOf (${matching.length} match)`);
    }
  }
  return errors;
}

/** Errors of the form values against every page, as the task API validates them. */
const formErrors = (template: Json, values: Json) =>
  template.spec.parameters.flatMap((page: Json) =>
    schemaErrors({ ...page, type: 'object' }, values),
  );

const owner = 'group:default/team-checkout';
const common = {
  cluster: 'local',
  owner,
  namespace: 'checkout-dev',
  ci: { lint: true, test: true, buildImage: true, scan: true, deploy: true },
  patches: '',
};
const JSON_PATCH =
  '- target: { kind: Deployment }\n  type: json\n  patch:\n    - { op: replace, path: /spec/revisionHistoryLimit, value: 10 }\n';

/** Form values, as the form sends them after every page was visited, per golden path. */
const SAMPLES: Record<GoldenPath, Json[]> = {
  'web-service': [
    {
      ...common,
      name: 'orders-api',
      source: { image: 'registry.paved.local/orders-api:1.0.0' },
      port: 8080,
      env: { LOG_LEVEL: 'info', DB_PASSWORD: 'secret/orders-db/password' },
      size: 'medium',
      resources: { requests: {}, limits: { memory: '2Gi' } },
      probes: { liveness: { path: '/healthz' }, readiness: {} },
      autoscaling: { enabled: true, min: 3, max: 20, targetCPU: 70 },
      ingress: { enabled: true, path: '/' },
      volumes: [{ type: 'emptyDir', name: 'cache', mountPath: '/cache' }],
      extraPorts: [
        { name: 'metrics', port: 9090, protocol: 'TCP', expose: true },
      ],
      patches: JSON_PATCH,
    },
    {
      ...common,
      name: 'orders-web',
      source: { buildpack: 'python', version: '0.1.0' },
      size: 'small',
      replicas: 1,
      autoscaling: { enabled: true, min: 1, max: 2 },
    },
  ],
  worker: [
    {
      ...common,
      name: 'orders-worker',
      source: { buildpack: 'go', version: '0.1.0' },
      queue: { urlFrom: 'secret/orders-queue/url', env: 'QUEUE_URL' },
      env: { BATCH_SIZE: '50' },
      size: 'small',
      autoscaling: { enabled: false, min: 2, max: 10, targetCPU: 70 },
      replicas: 1,
    },
  ],
  'cron-job': [
    {
      ...common,
      name: 'nightly-report',
      source: { image: 'registry.paved.local/reports:3.1.0' },
      schedule: '0 3 * * *',
      timeZone: 'Europe/Berlin',
      size: 'small',
      command: ['report', '--yesterday'],
      concurrencyPolicy: 'Forbid',
      backoffLimit: 2,
      activeDeadlineSeconds: 3600,
      patches:
        '[{"target":{"kind":"CronJob"},"type":"json","patch":[{"op":"add","path":"/spec/suspend","value":false}]}]',
    },
  ],
  database: [
    {
      ...common,
      name: 'orders-db',
      storage: '10Gi',
      version: '16.4',
      size: 'small',
      backupSchedule: '0 2 * * *',
      backupRetentionDays: 7,
      waitForReady: false,
      ci: { scan: true, deploy: true },
    },
  ],
};

describe('the templates in examples/templates', () => {
  it.each(templates)('%s uses only known actions', (_file, template) => {
    for (const step of template.spec.steps) {
      expect([...MODULE_ACTIONS, ...BUILT_IN_ACTIONS]).toContain(step.action);
    }
  });

  it.each(templates)(
    '%s references only parameters its pages define and steps that ran before',
    (_file, template) => {
      const defined: string[] =
        template.spec.parameters.flatMap(pageProperties);
      const seen: string[] = [];
      for (const step of template.spec.steps) {
        const used = { name: step.name, if: step.if, input: step.input };
        for (const [at, text] of strings(used)) {
          for (const [, name] of text.matchAll(/parameters\.([A-Za-z_]\w*)/g)) {
            expect({ step: step.id, at, parameter: name }).toEqual({
              step: step.id,
              at,
              parameter: defined.find(d => d === name) ?? `undefined: ${name}`,
            });
          }
          for (const [, id] of text.matchAll(/steps\.([A-Za-z_]\w*)/g)) {
            expect({ step: step.id, uses: id, ran: seen.includes(id) }).toEqual(
              {
                step: step.id,
                uses: id,
                ran: true,
              },
            );
          }
        }
        seen.push(step.id);
      }
      for (const [, text] of strings(template.spec.output)) {
        for (const [, name] of text.matchAll(/parameters\.([A-Za-z_]\w*)/g)) {
          expect(defined).toContain(name);
        }
      }
    },
  );

  it.each(templates)(
    '%s has valid patterns and skeleton folders',
    (_file, template) => {
      const patterns = strings(template.spec.parameters)
        .filter(([at]) => at.endsWith('.pattern'))
        .map(([, pattern]) => pattern);
      for (const pattern of patterns) {
        expect(() => new RegExp(pattern, 'u')).not.toThrow();
      }
      const folders = template.spec.steps
        .filter((step: Json) => step.action === 'fetch:template')
        .flatMap((step: Json) =>
          ['node', 'python', 'go'].map(b =>
            String(step.input.url).replace(/\$\{\{.*\}\}/, b),
          ),
        );
      for (const folder of folders) {
        expect(fs.statSync(path.join(TEMPLATES, folder)).isDirectory()).toBe(
          true,
        );
      }
    },
  );
});

describe.each(Object.entries(SAMPLES))(
  'the %s template',
  (goldenPath, samples) => {
    const template = templateNamed(goldenPath);
    const stepNamed = (id: string) =>
      template.spec.steps.find((s: Json) => s.id === id);
    const workspace = createMockDirectory();

    it.each(samples.map(s => [s.name, s] as const))(
      'turns the form values of %s into a spec parseAppSpec accepts, and renders it',
      async (_name, values) => {
        expect(formErrors(template, values)).toEqual([]);
        const specStep = stepNamed('spec');
        expect(specStep.action).toBe('paved:app-spec:read');
        const input = resolve(specStep.input, values) as Json;
        expect(input.goldenPath).toBe(goldenPath);

        const read = createMockActionContext({
          input,
          workspacePath: workspace.path,
        });
        await createReadAppSpecAction().handler(read);
        const outputs = Object.fromEntries(
          (read.output as jest.Mock).mock.calls,
        );
        expect(() =>
          parseAppSpec(outputs.spec, goldenPath as GoldenPath),
        ).not.toThrow();
        expect(outputs.spec).toMatchObject({ name: values.name, owner });

        const renderStep = stepNamed('render');
        expect(renderStep.input.spec).toBe('${{ steps.spec.output.spec }}');
        workspace.clear();
        const render = createMockActionContext({
          input: {
            goldenPath,
            spec: outputs.spec,
            namespace: values.namespace,
          } as any,
          workspacePath: workspace.path,
        });
        await createRenderManifestsAction().handler(render);
        const files = (render.output as jest.Mock).mock.calls.find(
          ([key]) => key === 'files',
        )?.[1];
        expect(files.length).toBeGreaterThan(1);
      },
    );
  },
);

describe.each(['web-service', 'worker', 'cron-job'])(
  'the %s template’s review step',
  goldenPath => {
    const template = templateNamed(goldenPath);
    const pages: Json[] = template.spec.parameters;
    const review = pages.findIndex(page => page.title === 'Review the change');

    it('previews the change with PavedChangePreview on a page of its own, never required', () => {
      expect(review).toBeGreaterThan(0);
      const page = pages[review];
      expect(Object.keys(page.properties)).toEqual(['preview']);
      expect(page.properties.preview).toMatchObject({
        type: 'boolean',
        'ui:field': 'PavedChangePreview',
        'ui:options': { goldenPath },
      });
      expect(page.required ?? []).toEqual([]);
      expect(formErrors(template, { preview: true })).not.toContainEqual(
        expect.stringContaining('preview'),
      );
    });

    it('comes after every page the app spec is read from, before the repository page', () => {
      const specStep = template.spec.steps.find((s: Json) => s.id === 'spec');
      const read = new Set(
        strings(specStep.input).flatMap(([, text]) =>
          [...text.matchAll(/parameters\.([A-Za-z_]\w*)/g)].map(m => m[1]),
        ),
      );
      expect(read.size).toBeGreaterThan(3);
      const pageOf = (name: string) =>
        pages.findIndex(page => pageProperties(page).includes(name));
      for (const name of read) {
        expect({ name, before: pageOf(name) < review }).toEqual({
          name,
          before: true,
        });
      }
      expect(review).toBeLessThan(pageOf('repository'));
    });
  },
);

describe('bad form input', () => {
  const template = templateNamed('web-service');
  const good = SAMPLES['web-service'][1];

  it.each([
    ['an invalid name', { name: 'Orders_API' }, 'values.name: pattern'],
    ['port 70000', { port: 70000 }, 'values.port: maximum'],
    [
      'a malformed secret reference',
      { env: { DB: 'secret/only-two' } },
      'values.env.DB: pattern',
    ],
    [
      'an image without a version',
      { source: { image: 'registry.paved.local/orders-api:latest' } },
      'values.source: oneOf (0 match)',
    ],
  ])('is refused by the form for %s', (_label, change, error) => {
    expect(formErrors(template, { ...good, ...change })).toContain(error);
  });

  it('is refused by the spec step when autoscaling max is below min', async () => {
    const values = { ...good, autoscaling: { enabled: true, min: 5, max: 2 } };
    expect(formErrors(template, values)).toEqual([]);
    const read = createMockActionContext({
      input: resolve(template.spec.steps[0].input, values) as Json,
    });
    await expect(createReadAppSpecAction().handler(read)).rejects.toThrow(
      'autoscaling.max (2) is below autoscaling.min (5); raise max or lower min',
    );
  });

  it('checks the spec before anything is written, published or deployed', () => {
    const ids = template.spec.steps.map((s: Json) => s.id);
    expect(ids.indexOf('spec')).toBe(0);
    expect(ids.indexOf('render')).toBeLessThan(ids.indexOf('deploy'));
  });
});
