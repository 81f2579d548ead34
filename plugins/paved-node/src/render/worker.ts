import { WorkerSpec } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { appDeployment } from './appDeployment';
import { EnvVar, envVar, envVars } from './container';
import { telemetryEnv } from './telemetry';
import { RenderContext } from './metadata';
import {
  cpuAutoscaler,
  networkPolicy,
  podDisruptionBudget,
  serviceAccount,
} from './shared';

const COMPONENT = 'worker';

/**
 * Default checks of a worker, which serves no HTTP: the worker touches /tmp/healthy while its loop runs.
 * Liveness fails when the file is older than two minutes; readiness once it exists.
 */
const HEARTBEAT_LIVENESS = [
  '/bin/sh',
  '-c',
  'find /tmp/healthy -mmin -2 | grep -q .',
];
const HEARTBEAT_READINESS = ['/bin/sh', '-c', 'test -f /tmp/healthy'];

/** The queue URL variable: from the named env entry (literal or secret), or straight from a secret. */
function queueEnv(spec: WorkerSpec): EnvVar[] {
  const { urlFrom, env: name } = spec.queue;
  if (name === urlFrom) return [];
  return [envVar(name, spec.env[urlFrom] ?? urlFrom)];
}

function replicasOf(spec: WorkerSpec): number {
  if (spec.replicas !== undefined) return spec.replicas;
  return spec.autoscaling.enabled ? Math.max(2, spec.autoscaling.min) : 2;
}

function deployment(ctx: RenderContext<WorkerSpec>): KubernetesObject {
  const { spec } = ctx;
  return appDeployment(ctx, {
    component: COMPONENT,
    replicas: replicasOf(spec),
    terminationGracePeriodSeconds: 60,
    ...(spec.port !== undefined
      ? {
          ports: [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }],
        }
      : {}),
    env: [
      ...envVars(spec.env),
      ...queueEnv(spec),
      ...telemetryEnv(spec, COMPONENT, ctx.options),
    ],
    probes: {
      liveness: {
        command: HEARTBEAT_LIVENESS,
        initialDelaySeconds: 30,
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 3,
      },
      readiness: {
        command: HEARTBEAT_READINESS,
        initialDelaySeconds: 5,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
      },
    },
    probePort: spec.port,
  });
}

/**
 * The worker golden path: ServiceAccount, Deployment (no Service or Ingress), an optional
 * HorizontalPodAutoscaler, PodDisruptionBudget, and a NetworkPolicy denying all ingress.
 */
export function renderWorker(
  ctx: RenderContext<WorkerSpec>,
): KubernetesObject[] {
  return [
    serviceAccount(ctx, COMPONENT),
    deployment(ctx),
    ...(ctx.spec.autoscaling.enabled
      ? [cpuAutoscaler(ctx, COMPONENT, ctx.spec.autoscaling)]
      : []),
    podDisruptionBudget(ctx, COMPONENT, { maxUnavailable: 1 }),
    networkPolicy(ctx, COMPONENT, []),
  ];
}
