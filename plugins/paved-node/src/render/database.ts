import { DatabaseSpec, SIZE_PRESETS } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import {
  containerSecurityContext,
  envVar,
  envVars,
  podSecurityContext,
  probe,
  resourcesOf,
} from './container';
import { cronJobObject } from './cronJob';
import {
  RenderContext,
  objectHead,
  podMeta,
  selectorLabels,
  standardLabels,
} from './metadata';
import { RENDERED_KINDS } from './kinds';
import {
  networkPolicy,
  podDisruptionBudget,
  podIdentity,
  serviceAccount,
} from './shared';

const COMPONENT = 'database';
/** The postgres user of the official image. */
const POSTGRES_UID = 999;
const PORT = 5432;
const USER = 'app';
const DATA = '/var/lib/postgresql/data';

/** The database password, from the Secret `<name>-db` (key `password`); never a literal. */
const passwordRef = (spec: DatabaseSpec) => `secret/${spec.name}-db/password`;

function imageOf(ctx: RenderContext<DatabaseSpec>): string {
  const { spec, options } = ctx;
  return spec.image ?? `${options.imageRegistry}/postgres:${spec.version}`;
}

function headlessService(ctx: RenderContext<DatabaseSpec>): KubernetesObject {
  return {
    ...objectHead(ctx, RENDERED_KINDS.Service, ctx.spec.name, COMPONENT),
    spec: {
      clusterIP: 'None',
      selector: selectorLabels(ctx.spec, COMPONENT),
      ports: [
        {
          name: 'postgres',
          port: PORT,
          targetPort: 'postgres',
          protocol: 'TCP',
        },
      ],
    },
  };
}

function statefulSet(ctx: RenderContext<DatabaseSpec>): KubernetesObject {
  const { spec } = ctx;
  const isReady = [
    'pg_isready',
    '-U',
    USER,
    '-d',
    spec.name,
    '-h',
    '127.0.0.1',
    '-p',
    String(PORT),
  ];
  const selector = selectorLabels(spec, COMPONENT);
  return {
    ...objectHead(ctx, RENDERED_KINDS.StatefulSet, spec.name, COMPONENT),
    spec: {
      serviceName: spec.name,
      replicas: 1,
      selector: { matchLabels: selector },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: podMeta(ctx, COMPONENT),
        spec: {
          ...podIdentity(ctx),
          securityContext: {
            ...podSecurityContext(POSTGRES_UID),
            fsGroupChangePolicy: 'OnRootMismatch',
          },
          terminationGracePeriodSeconds: 60,
          containers: [
            {
              name: 'postgres',
              image: imageOf(ctx),
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { name: 'postgres', containerPort: PORT, protocol: 'TCP' },
              ],
              env: [
                envVar('POSTGRES_USER', USER),
                envVar('POSTGRES_DB', spec.name),
                envVar('POSTGRES_PASSWORD', passwordRef(spec)),
                envVar('PGDATA', `${DATA}/pgdata`),
                ...envVars(spec.env),
              ],
              resources: resourcesOf(spec),
              securityContext: containerSecurityContext(),
              livenessProbe: probe(
                {
                  command: isReady,
                  initialDelaySeconds: 30,
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                  failureThreshold: 6,
                },
                undefined,
                undefined,
              ),
              readinessProbe: probe(
                {
                  command: isReady,
                  initialDelaySeconds: 5,
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                  failureThreshold: 3,
                },
                undefined,
                undefined,
              ),
              volumeMounts: [
                { name: 'data', mountPath: DATA },
                { name: 'run', mountPath: '/var/run/postgresql' },
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'shm', mountPath: '/dev/shm' },
              ],
            },
          ],
          volumes: [
            { name: 'run', emptyDir: {} },
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
            { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', labels: standardLabels(spec, COMPONENT) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(spec.storageClassName
              ? { storageClassName: spec.storageClassName }
              : {}),
            resources: { requests: { storage: spec.storage } },
          },
        },
      ],
    },
  };
}

function backupClaim(ctx: RenderContext<DatabaseSpec>): KubernetesObject {
  const { spec } = ctx;
  return {
    ...objectHead(
      ctx,
      RENDERED_KINDS.PersistentVolumeClaim,
      `${spec.name}-backups`,
      'cronjob',
    ),
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(spec.storageClassName
        ? { storageClassName: spec.storageClassName }
        : {}),
      resources: { requests: { storage: spec.backupStorage ?? spec.storage } },
    },
  };
}

/** Dumps into a temporary file and renames it once complete, then deletes dumps past their retention. */
const BACKUP_SCRIPT = [
  'set -eu',
  'file="/backups/${PGDATABASE}-$(date -u +%Y%m%dT%H%M%SZ).dump"',
  'pg_dump --format=custom --file="${file}.partial"',
  'mv "${file}.partial" "${file}"',
  'find /backups -name "*.dump" -mtime "+${RETENTION_DAYS}" -delete',
].join('\n');

function backupJob(ctx: RenderContext<DatabaseSpec>): KubernetesObject {
  const { spec } = ctx;
  return cronJobObject(
    ctx,
    {
      name: `${spec.name}-backup`,
      schedule: spec.backupSchedule,
      concurrencyPolicy: 'Forbid',
      backoffLimit: 2,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      activeDeadlineSeconds: 3 * 3600,
    },
    {
      ...podIdentity(ctx),
      securityContext: podSecurityContext(POSTGRES_UID),
      containers: [
        {
          name: 'pg-dump',
          image: imageOf(ctx),
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', BACKUP_SCRIPT],
          env: [
            envVar('PGHOST', spec.name),
            envVar('PGPORT', String(PORT)),
            envVar('PGUSER', USER),
            envVar('PGDATABASE', spec.name),
            envVar('PGPASSWORD', passwordRef(spec)),
            envVar('RETENTION_DAYS', String(spec.backupRetentionDays)),
          ],
          resources: SIZE_PRESETS.small,
          securityContext: containerSecurityContext(),
          volumeMounts: [
            { name: 'backups', mountPath: '/backups' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        {
          name: 'backups',
          persistentVolumeClaim: { claimName: `${spec.name}-backups` },
        },
        { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      ],
    },
  );
}

/**
 * The database golden path: ServiceAccount, a PostgreSQL StatefulSet with its data on a volume claim, a
 * headless Service, a PodDisruptionBudget (the single instance is not evicted voluntarily), a NetworkPolicy
 * admitting the namespace's pods on 5432, and a nightly pg_dump CronJob writing to its own claim. The
 * password comes from the Secret `<name>-db` (key `password`), which must exist in the namespace.
 */
export function renderDatabase(
  ctx: RenderContext<DatabaseSpec>,
): KubernetesObject[] {
  return [
    serviceAccount(ctx, COMPONENT),
    statefulSet(ctx),
    headlessService(ctx),
    podDisruptionBudget(ctx, COMPONENT, { minAvailable: 1 }),
    networkPolicy(ctx, COMPONENT, [
      {
        from: [{ podSelector: {} }],
        ports: [{ protocol: 'TCP', port: PORT }],
      },
    ]),
    backupClaim(ctx),
    backupJob(ctx),
  ];
}
