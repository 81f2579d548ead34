import { AppSpecInputFor, GoldenPath } from '@paved/plugin-paved-common';
import { DEFAULT_FORBIDDEN_KINDS } from '../../guardrails/types';
import { GuardrailContext } from '../../guardrails/checkGuardrails';

/** The owning team of every fixture. */
export const owner = 'group:default/team-checkout';
/** The registry the guardrails allow. */
export const registry = 'registry.paved.local';

type Specs = { [G in GoldenPath]: AppSpecInputFor<G> };

/** Representative specs: the simple fields only. */
export const simpleSpecs: Specs = {
  'web-service': {
    name: 'checkout-api',
    owner,
    repo: 'https://github.com/acme/checkout-api',
    image: `${registry}/checkout-api:1.4.2`,
    env: { LOG_LEVEL: 'info', DATABASE_URL: 'secret/checkout-db/url' },
  },
  worker: {
    name: 'orders-worker',
    owner,
    image: `${registry}/orders-worker:2.0.1`,
    env: { QUEUE: 'secret/orders-queue/url', BATCH_SIZE: 50 },
    queue: { urlFrom: 'QUEUE' },
  },
  'cron-job': {
    name: 'nightly-report',
    owner,
    image: `${registry}/reports:3.1.0`,
    command: ['report', '--yesterday'],
    schedule: '0 3 * * *',
  },
  database: { name: 'orders', owner, storage: '10Gi' },
};

/** The same apps sized large, with most advanced fields set. */
export const advancedSpecs: Specs = {
  'web-service': {
    name: 'checkout-api',
    owner,
    buildpack: 'node',
    version: '1.5.0',
    size: 'large',
    resources: { limits: { memory: '6Gi' } },
    autoscaling: { min: 4, max: 30, targetCPU: 60 },
    probes: {
      liveness: { path: '/live', periodSeconds: 20 },
      readiness: { initialDelaySeconds: 15 },
    },
    volumes: [
      {
        type: 'emptyDir',
        name: 'cache',
        mountPath: '/cache',
        sizeLimit: '2Gi',
      },
      {
        type: 'configMap',
        name: 'config',
        mountPath: '/config',
        configMap: 'checkout-config',
      },
      {
        type: 'secret',
        name: 'certs',
        mountPath: '/certs',
        secretName: 'checkout-certs',
      },
      {
        type: 'pvc',
        name: 'uploads',
        mountPath: '/uploads',
        claimName: 'checkout-uploads',
      },
    ],
    extraPorts: [
      { name: 'metrics', port: 9090 },
      { name: 'grpc', port: 9000, expose: false },
    ],
    annotations: { 'example.com/on-call': 'checkout' },
    ingress: { host: 'checkout.example.com', path: '/api' },
  },
  worker: {
    name: 'orders-worker',
    owner,
    buildpack: 'python',
    version: '2.1.0',
    size: 'large',
    port: 8081,
    probes: { liveness: { path: '/healthz' }, readiness: { path: '/ready' } },
    autoscaling: { enabled: true, min: 3, max: 12 },
    queue: { urlFrom: 'secret/orders-queue/url', env: 'AMQP_URL' },
    volumes: [
      {
        type: 'emptyDir',
        name: 'spool',
        mountPath: '/spool',
        medium: 'Memory',
      },
    ],
  },
  'cron-job': {
    name: 'nightly-report',
    owner,
    buildpack: 'go',
    version: '3.2.0',
    size: 'large',
    schedule: '30 2 * * MON-FRI',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Replace',
    backoffLimit: 0,
    activeDeadlineSeconds: 7200,
    env: { REPORT_BUCKET: 'secret/reports-bucket/name' },
  },
  database: {
    name: 'orders',
    owner,
    size: 'large',
    version: '16.4',
    storage: '100Gi',
    storageClassName: 'fast-ssd',
    backupSchedule: '15 1 * * *',
    backupRetentionDays: 14,
    backupStorage: '200Gi',
    annotations: { 'example.com/tier': 'gold' },
  },
};

/** Guardrails all on; checkout-dev is an environment of team-checkout, which the user belongs to. */
export const guardrailContext: GuardrailContext = {
  policy: {
    podSecurityRestricted: true,
    requireResources: true,
    requireProbes: true,
    forbidLatestTag: true,
    allowedRegistries: [registry],
    forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
    requireTeamEnvironment: true,
  },
  ownership: ['user:default/bob', owner],
  defaultNamespace: 'checkout-dev',
  namespaces: {
    'checkout-dev': { exists: true, managed: true, team: owner },
  },
  isNamespaced: () => true,
};
