import { InputError } from '@backstage/errors';
import { parseAppSpec } from './parseAppSpec';
import { GoldenPath } from './goldenPaths';

const web = {
  name: 'checkout-api',
  owner: 'group:default/team-checkout',
  image: 'registry.paved.local/checkout-api:1.4.2',
};

function problemsOf(input: unknown, goldenPath: GoldenPath = 'web-service') {
  try {
    parseAppSpec(input, goldenPath);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map(l => l.slice(4));
  }
  throw new Error('expected the spec to be refused');
}

describe('parseAppSpec', () => {
  it('fills in the web-service defaults', () => {
    expect(parseAppSpec(web, 'web-service')).toEqual({
      ...web,
      env: {},
      size: 'medium',
      annotations: {},
      patches: [],
      volumes: [],
      autoscaling: { enabled: true, min: 3, max: 20, targetCPU: 70 },
      extraPorts: [],
      port: 8080,
      ingress: { enabled: true, path: '/' },
    });
  });

  it('gives the same spec when a parsed spec is parsed again', () => {
    const once = parseAppSpec(
      { ...web, env: { WORKERS: 4, DEBUG: false } },
      'web-service',
    );
    expect(once.env).toEqual({ WORKERS: '4', DEBUG: 'false' });
    expect(parseAppSpec(once, 'web-service')).toEqual(once);
  });

  it('fills in the defaults of the other golden paths', () => {
    const worker = parseAppSpec(
      {
        ...web,
        name: 'orders-worker',
        queue: { urlFrom: 'secret/orders-queue/url' },
      },
      'worker',
    );
    expect(worker.autoscaling).toEqual({
      enabled: false,
      min: 2,
      max: 10,
      targetCPU: 70,
    });
    expect(worker.queue).toEqual({
      urlFrom: 'secret/orders-queue/url',
      env: 'QUEUE_URL',
    });
    const job = parseAppSpec(
      { ...web, name: 'nightly', schedule: '0 3 * * *' },
      'cron-job',
    );
    expect(job).toMatchObject({
      concurrencyPolicy: 'Forbid',
      backoffLimit: 2,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      activeDeadlineSeconds: 3600,
    });
    const db = parseAppSpec(
      { name: 'orders', owner: web.owner, storage: '10Gi' },
      'database',
    );
    expect(db).toMatchObject({
      engine: 'postgres',
      version: '16.4',
      backupSchedule: '0 2 * * *',
      backupRetentionDays: 7,
    });
  });

  it.each([
    ['Checkout_API', 'name: use lowercase letters, digits and "-"'],
    ['x'.repeat(41), 'name: use at most 40 characters'],
    ['-api', 'starting with a letter'],
  ])('refuses the name %s, saying how to write one', (name, message) => {
    expect(problemsOf({ ...web, name }).join('\n')).toContain(message);
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ ...web, port: 70000 })).toEqual([
      'port (70000) is above the maximum of 65535; use 65535 or less',
    ]);
    expect(problemsOf({ ...web, port: 0 })).toEqual([
      'port (0) is below the minimum of 1; use 1 or more',
    ]);
  });

  it('refuses a malformed secret reference, saying how to write one', () => {
    const [problem] = problemsOf({
      ...web,
      env: { DATABASE_URL: 'secret/checkout-db' },
    });
    expect(problem).toMatch(/^env\.DATABASE_URL \("secret\/checkout-db"\)/);
    expect(problem).toContain(
      'write it as secret/<secret-name>/<key>, e.g. secret/checkout-db/password',
    );
  });

  it('refuses autoscaling.max below autoscaling.min', () => {
    expect(problemsOf({ ...web, autoscaling: { max: 2 } })).toEqual([
      'autoscaling.max (2) is below autoscaling.min (3); raise max or lower min',
    ]);
  });

  it.each([
    ['61 * * * *', 'minute "61": ', /61.*0-59/],
    ['0 3 * *', 'it has 4 field(s) instead of 5', /^$/],
    ['0 3 * FOO *', 'month "FOO": ', /foo/i],
    ['*/0 * * * *', 'minute "*/0": ', /0/],
    ['0 5-2 * * *', 'hour "5-2": ', /5-2/],
    ['0 0 L * *', 'day of month "L" is not a number', /Kubernetes/],
  ])('refuses the schedule %s in plain words', (schedule, why, reason) => {
    const [problem] = problemsOf(
      { ...web, name: 'nightly', schedule },
      'cron-job',
    );
    const prefix = `schedule ("${schedule}") is not a valid cron schedule: ${why}`;
    expect(problem.startsWith(prefix)).toBe(true);
    expect(problem.slice(prefix.length).split('; write five')[0]).toMatch(
      reason,
    );
    expect(problem).toContain(
      'write five fields "minute hour day-of-month month day-of-week"',
    );
  });

  it('accepts cron names, lists, steps and macros', () => {
    for (const schedule of [
      '*/15 * * * *',
      '0 9-17/2 * * MON-FRI',
      '30 2 1,15 JAN,jul 0',
      '@daily',
    ]) {
      expect(() =>
        parseAppSpec({ ...web, name: 'j', schedule }, 'cron-job'),
      ).not.toThrow();
    }
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      name: 'Bad Name',
      owner: 'team-checkout',
      image: 'nginx',
      port: 'http',
      autoscalling: true,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^name: use lowercase letters/),
      'owner: write the owning group as group:<namespace>/<name>, e.g. group:default/team-checkout',
      'image ("nginx") has no tag, so what runs could change without a deploy; pin a version, e.g. registry.paved.local/checkout-api:1.4.2',
      'port must be a number, not a string',
      expect.stringMatching(
        /^web-service spec has unknown field\(s\) "autoscalling"; remove them or fix the spelling \(web-service spec fields: name, owner, .*autoscaling/,
      ),
    ]);
  });

  it.each([
    [
      { ...web, buildpack: 'node', version: '1.0.0' },
      'image and buildpack are both set; keep image to run a prebuilt image, or buildpack',
    ],
    [
      { name: web.name, owner: web.owner },
      'image is missing; set image to a pinned image',
    ],
    [
      { name: web.name, owner: web.owner, buildpack: 'node' },
      'version is missing; set the version (image tag) the buildpack built',
    ],
    [{ ...web, image: 'registry.paved.local/a:latest' }, 'uses the tag latest'],
    [
      { ...web, replicas: 30 },
      'replicas (30) is above autoscaling.max (20); lower replicas or raise autoscaling.max',
    ],
    [
      { ...web, resources: { limits: { memory: '256Mi' } } },
      'resources.requests.memory (512Mi, from size medium) is above resources.limits.memory (256Mi); lower the request or raise the limit',
    ],
    [
      { ...web, resources: { requests: { memory: '512m' } } },
      'resources.requests.memory: write a size with a unit, e.g. 512Mi',
    ],
    [
      {
        ...web,
        volumes: [{ type: 'emptyDir', name: 'tmp', mountPath: '/scratch' }],
      },
      'volumes[0].name ("tmp") is already used by the /tmp scratch volume',
    ],
    [
      {
        ...web,
        volumes: [{ type: 'emptyDir', name: 'scratch', mountPath: '/tmp' }],
      },
      'volumes[0].mountPath ("/tmp") is already mounted (every golden path mounts /tmp); pick another path',
    ],
    [
      {
        ...web,
        volumes: [
          { type: 'emptyDir', name: 'a', mountPath: '/a' },
          { type: 'emptyDir', name: 'a', mountPath: '/a' },
        ],
      },
      'volumes[1].name ("a") is already used; give each volume its own name',
    ],
    [
      {
        ...web,
        volumes: [
          { type: 'emptyDir', name: 'a', mountPath: '/a' },
          { type: 'emptyDir', name: 'b', mountPath: '/a' },
        ],
      },
      'volumes[1].mountPath ("/a") is already mounted; pick another path',
    ],
    [
      { ...web, extraPorts: [{ name: 'http', port: 9000 }] },
      'extraPorts[0].name ("http") is already used by the main port; give each port its own name',
    ],
    [
      {
        ...web,
        extraPorts: [
          { name: 'metrics', port: 9090 },
          { name: 'metrics', port: 9090 },
        ],
      },
      'extraPorts[1].name ("metrics") is already used; give each port its own name',
    ],
    [
      {
        ...web,
        extraPorts: [
          { name: 'metrics', port: 9090 },
          { name: 'admin', port: 9090 },
        ],
      },
      'extraPorts[1].port (9090) is listed twice; remove the duplicate',
    ],
    [
      { ...web, volumes: [{ type: 'nfs', name: 'x', mountPath: '/x' }] },
      'volumes[0].type is missing or not allowed; use one of "emptyDir", "configMap", "secret", "pvc"',
    ],
    [
      { ...web, extraPorts: [{ name: 'metrics', port: 8080 }] },
      'extraPorts[0].port (8080) is already the main port; pick another port',
    ],
    [
      { ...web, probes: { liveness: { path: '/healthz', command: ['true'] } } },
      'probes.liveness sets both path and command',
    ],
    [
      { ...web, owner: `group:default/${'x'.repeat(60)}` },
      'owner: the ref is too long to be stored as a Kubernetes label value',
    ],
    [
      { ...web, env: { '1FOO': 'x' } },
      'env has an invalid variable name "1FOO"',
    ],
    [{ ...web, repo: 'github.com/acme/checkout-api' }, 'repo: write a git URL'],
    [
      {
        ...web,
        patches: [
          {
            target: { kind: 'Deployment' },
            type: 'json',
            patch: [{ op: 'add', path: '/spec/x' }],
          },
        ],
      },
      'patches[0].patch[0] is a "add" operation without a value; add value',
    ],
    [
      {
        ...web,
        patches: [
          { target: { kind: 'deployment' }, type: 'strategic', patch: {} },
        ],
      },
      'patches[0].target.kind: write a Kind name, e.g. Deployment',
    ],
    [{ ...web, schedule: '0 3 * * *' }, 'unknown field(s) "schedule"'],
    ['checkout-api', 'web-service spec must be a mapping, not a string'],
  ])('refuses %j, naming the field and the fix', (input, message) => {
    expect(problemsOf(input).join('\n')).toContain(message);
  });

  it('checks the worker queue against env', () => {
    const worker = { ...web, name: 'w' };
    expect(
      problemsOf({ ...worker, queue: { urlFrom: 'QUEUE' } }, 'worker'),
    ).toEqual([
      'queue.urlFrom ("QUEUE") names no entry of env; add QUEUE to env, or use a secret reference such as secret/orders-queue/url',
    ]);
    expect(
      problemsOf(
        {
          ...worker,
          queue: { urlFrom: 'secret/q/url' },
          probes: { liveness: { path: '/healthz' } },
        },
        'worker',
      ),
    ).toEqual([
      'port is missing; a worker whose probes check an HTTP path needs the port of that endpoint',
    ]);
    expect(problemsOf(worker, 'worker')).toEqual(['queue is missing; add it']);
  });

  it('refuses an unknown golden path', () => {
    expect(() => parseAppSpec(web, 'lambda' as GoldenPath)).toThrow(
      'goldenPath "lambda" is not a golden path; use one of web-service, worker, cron-job, database',
    );
  });
});
