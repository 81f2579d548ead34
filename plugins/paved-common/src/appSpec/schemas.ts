import { z } from 'zod/v3';
import { extraPorts, ingress, probes, volumes } from './advanced';
import {
  annotations,
  appName,
  buildpack,
  cronSchedule,
  dnsName,
  env,
  envOrSecretRef,
  image,
  imageVersion,
  int,
  owner,
  repo,
  resources,
  storage,
} from './fields';
import {
  checkAppImage,
  checkAutoscaling,
  checkLongRunning,
  checkResources,
  checkWorker,
} from './checks';
import { GoldenPath } from './goldenPaths';
import { ENV_NAME } from './formats';
import { patches } from './patches';

const base = {
  name: appName,
  owner,
  repo: repo.optional(),
  env: env.default({}),
  size: z
    .enum(['small', 'medium', 'large'])
    .default('medium')
    .describe(
      'CPU and memory preset: small, medium (requests 250m/512Mi, limits 1 CPU/1Gi) or large',
    ),
  resources: resources.optional(),
  annotations: annotations.default({}),
  patches: patches.default([]),
};

const app = {
  image: image.optional(),
  buildpack: buildpack.optional(),
  version: imageVersion.optional(),
  command: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Overrides the image's entrypoint"),
  args: z.array(z.string()).optional().describe('Arguments to the entrypoint'),
  volumes: volumes.default([]),
};

const autoscaling = (defaults: {
  enabled: boolean;
  min: number;
  max: number;
}) =>
  z
    .object({
      enabled: z.boolean().default(defaults.enabled),
      min: int(1, 1000).default(defaults.min),
      max: int(1, 1000).default(defaults.max),
      targetCPU: int(1, 100)
        .default(70)
        .describe('Average CPU use, in percent of the request, to scale at'),
    })
    .strict()
    .superRefine(checkAutoscaling)
    .default({})
    .describe('Horizontal autoscaling on CPU');

const longRunning = (defaults: {
  enabled: boolean;
  min: number;
  max: number;
}) => ({
  replicas: int(0, 1000)
    .optional()
    .describe('Replicas; defaults to the golden path baseline'),
  autoscaling: autoscaling(defaults),
  probes: probes.optional(),
  extraPorts: extraPorts.default([]),
});

/** The object of a golden path that runs the team's own image: the common fields, then its own. */
const appObject = <T extends z.ZodRawShape>(own: T) =>
  z.object({ ...base, ...app, ...own }).strict();

const webServiceObject = appObject({
  ...longRunning({ enabled: true, min: 3, max: 20 }),
  port: int(1, 65535)
    .default(8080)
    .describe('Port the app listens on for HTTP'),
  ingress: ingress.default({}),
});

const workerObject = appObject({
  ...longRunning({ enabled: false, min: 2, max: 10 }),
  port: int(1, 65535)
    .optional()
    .describe('Port of the HTTP health endpoint, when probes use a path'),
  queue: z
    .object({
      urlFrom: envOrSecretRef.describe(
        'Name of an env entry, or secret/<secret-name>/<key>, holding the queue URL',
      ),
      env: z
        .string()
        .regex(ENV_NAME, 'write a variable name, e.g. QUEUE_URL')
        .default('QUEUE_URL')
        .describe('Variable the worker reads the queue URL from'),
    })
    .strict(),
});

const cronJobObject = appObject({
  schedule: cronSchedule.describe('Five-field cron schedule, e.g. "0 3 * * *"'),
  timeZone: z
    .string()
    .regex(
      /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/,
      'write an IANA time zone, e.g. Europe/Berlin or UTC',
    )
    .optional(),
  concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).default('Forbid'),
  backoffLimit: int(0, 10).default(2),
  successfulJobsHistoryLimit: int(0, 100).default(3),
  failedJobsHistoryLimit: int(0, 100).default(3),
  activeDeadlineSeconds: int(1, 604800).default(3600),
});

const databaseObject = z
  .object({
    ...base,
    engine: z.enum(['postgres']).default('postgres'),
    version: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'write a PostgreSQL version, e.g. 16.4')
      .default('16.4'),
    image: image
      .optional()
      .describe('Overrides the default image <registry>/postgres:<version>'),
    storage: storage.describe('Size of the data volume, e.g. 10Gi'),
    storageClassName: dnsName.optional(),
    backupSchedule: cronSchedule.default('0 2 * * *'),
    backupRetentionDays: int(1, 365).default(7),
    backupStorage: storage
      .optional()
      .describe('Size of the backup volume; defaults to storage'),
  })
  .strict();

/** The object schema of each golden path, before cross-field checks. */
export const APP_SPEC_OBJECTS = {
  'web-service': webServiceObject,
  worker: workerObject,
  'cron-job': cronJobObject,
  database: databaseObject,
} satisfies Record<GoldenPath, z.AnyZodObject>;

/**
 * The full schema of each golden path: fields, defaults and cross-field checks.
 *
 * @public
 */
export const APP_SPEC_SCHEMAS = {
  'web-service': webServiceObject.superRefine((spec, ctx) => {
    checkAppImage(spec, ctx);
    checkLongRunning(spec, ctx);
    checkResources(spec, ctx);
  }),
  worker: workerObject.superRefine((spec, ctx) => {
    checkAppImage(spec, ctx);
    checkLongRunning(spec, ctx);
    checkResources(spec, ctx);
    checkWorker(spec, ctx);
  }),
  'cron-job': cronJobObject.superRefine((spec, ctx) => {
    checkAppImage(spec, ctx);
    checkResources(spec, ctx);
  }),
  database: databaseObject.superRefine(checkResources),
};
