import { Validator } from 'jsonschema';
import { appSpecJsonSchema } from './jsonSchema';
import { GOLDEN_PATHS, GoldenPath } from './goldenPaths';
import { parseAppSpec } from './parseAppSpec';

const owner = 'group:default/team-checkout';
const image = 'registry.paved.local/checkout-api:1.4.2';

const valid: Array<[GoldenPath, object]> = [
  ['web-service', { name: 'checkout-api', owner, image }],
  [
    'web-service',
    {
      name: 'checkout-api',
      owner,
      buildpack: 'node',
      version: '1.4.2',
      repo: 'https://github.com/acme/checkout-api',
      env: { LOG_LEVEL: 'info', DB: 'secret/checkout-db/url', WORKERS: 4 },
      size: 'large',
      autoscaling: { min: 4, max: 30, targetCPU: 60 },
      resources: { limits: { memory: '6Gi' } },
      probes: { liveness: { path: '/live', periodSeconds: 20 } },
      volumes: [
        {
          type: 'configMap',
          name: 'config',
          mountPath: '/config',
          configMap: 'checkout-config',
        },
      ],
      extraPorts: [{ name: 'metrics', port: 9090 }],
      annotations: { 'example.com/team': 'checkout' },
      patches: [
        {
          target: { kind: 'Deployment' },
          type: 'json',
          patch: [
            { op: 'replace', path: '/spec/revisionHistoryLimit', value: 5 },
          ],
        },
      ],
    },
  ],
  [
    'worker',
    { name: 'orders', owner, image, queue: { urlFrom: 'secret/q/url' } },
  ],
  ['cron-job', { name: 'nightly', owner, image, schedule: '0 3 * * *' }],
  ['database', { name: 'orders', owner, storage: '10Gi' }],
];

/** Problems the JSON Schema can express: both must refuse them. */
const invalid: Array<[GoldenPath, object]> = [
  ['web-service', { owner, image }],
  ['web-service', { name: 'Checkout', owner, image }],
  ['web-service', { name: 'a', owner: 'team-checkout', image }],
  ['web-service', { name: 'a', owner, image, port: 70000 }],
  ['web-service', { name: 'a', owner, image, port: 'http' }],
  ['web-service', { name: 'a', owner, image, size: 'huge' }],
  ['web-service', { name: 'a', owner, image, autoscalling: {} }],
  ['web-service', { name: 'a', owner, image, autoscaling: { max: 0 } }],
  [
    'web-service',
    {
      name: 'a',
      owner,
      image,
      volumes: [{ type: 'nfs', name: 'x', mountPath: '/x' }],
    },
  ],
  ['worker', { name: 'a', owner, image }],
  [
    'cron-job',
    {
      name: 'a',
      owner,
      image,
      concurrencyPolicy: 'Sometimes',
      schedule: '* * * * *',
    },
  ],
  ['database', { name: 'a', owner, storage: '10 gigs' }],
  ['database', { name: 'a', owner, storage: '10Gi', engine: 'mysql' }],
];

/** Problems only parseAppSpec finds, since they span fields or need more than a pattern. */
const parseOnly: Array<[GoldenPath, object]> = [
  ['web-service', { name: 'a', owner, image, autoscaling: { min: 5, max: 2 } }],
  ['web-service', { name: 'a', owner, image: 'nginx' }],
  ['web-service', { name: 'a', owner }],
  ['web-service', { name: 'a', owner, image, env: { A: 'secret/x' } }],
  ['cron-job', { name: 'a', owner, image, schedule: '61 * * * *' }],
];

const validator = new Validator();
const schemaAccepts = (goldenPath: GoldenPath, sample: object) =>
  validator.validate(sample, appSpecJsonSchema(goldenPath)).valid;
const parseAccepts = (goldenPath: GoldenPath, sample: object) => {
  try {
    parseAppSpec(sample, goldenPath);
    return true;
  } catch {
    return false;
  }
};

describe('appSpecJsonSchema', () => {
  it.each(GOLDEN_PATHS)('describes the %s spec', goldenPath => {
    const schema = appSpecJsonSchema(goldenPath);
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      title: expect.stringContaining('app spec'),
      properties: {
        name: { type: 'string', maxLength: 40 },
        owner: { type: 'string' },
        size: { enum: ['small', 'medium', 'large'], default: 'medium' },
      },
    });
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'owner']));
  });

  it('carries the golden path defaults', () => {
    const schema = appSpecJsonSchema('web-service') as any;
    expect(schema.properties.port).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 8080,
    });
    expect(schema.properties.autoscaling.properties).toMatchObject({
      enabled: { default: true },
      min: { default: 3 },
      max: { default: 20 },
      targetCPU: { default: 70 },
    });
    expect(schema.required).toEqual(['name', 'owner']);
    expect(appSpecJsonSchema('cron-job').required).toEqual([
      'name',
      'owner',
      'schedule',
    ]);
  });

  it.each(valid)(
    'accepts a valid %s spec, as parseAppSpec does',
    (path, sample) => {
      expect(schemaAccepts(path, sample)).toBe(true);
      expect(parseAccepts(path, sample)).toBe(true);
    },
  );

  it.each(invalid)('refuses %s %j, as parseAppSpec does', (path, sample) => {
    expect(schemaAccepts(path, sample)).toBe(false);
    expect(parseAccepts(path, sample)).toBe(false);
  });

  it.each(parseOnly)(
    'leaves %s %j to parseAppSpec, which refuses it',
    (path, sample) => {
      expect(schemaAccepts(path, sample)).toBe(true);
      expect(parseAccepts(path, sample)).toBe(false);
    },
  );
});
