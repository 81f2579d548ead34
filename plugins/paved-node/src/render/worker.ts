import { WorkerSpec } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import {
  EnvVar,
  baseContainer,
  envVar,
  envVars,
  podSecurityContext,
  probe,
  volumesOf,
} from './container';
import { RenderContext, objectHead, podMeta, selectorLabels } from './metadata';
import { RENDERED_KINDS } from './kinds';
import {
  cpuAutoscaler,
  networkPolicy,
  podDisruptionBudget,
  podIdentity,
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
  const { spec, options } = ctx;
  const { volumes, volumeMounts } = volumesOf(spec.volumes);
  return {
    ...objectHead(ctx, RENDERED_KINDS.Deployment, spec.name, COMPONENT),
    spec: {
      replicas: replicasOf(spec),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(spec, COMPONENT) },
      template: {
        metadata: podMeta(ctx, COMPONENT),
        spec: {
          ...podIdentity(ctx),
          securityContext: podSecurityContext(),
          terminationGracePeriodSeconds: 60,
          containers: [
            {
              ...baseContainer(spec, options),
              ...(spec.port !== undefined
                ? {
                    ports: [
                      {
                        name: 'http',
                        containerPort: spec.port,
                        protocol: 'TCP',
                      },
                    ],
                  }
                : {}),
              env: [...envVars(spec.env), ...queueEnv(spec)],
              livenessProbe: probe(
                {
                  command: HEARTBEAT_LIVENESS,
                  initialDelaySeconds: 30,
                  periodSeconds: 30,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                spec.probes?.liveness,
                spec.port,
              ),
              readinessProbe: probe(
                {
                  command: HEARTBEAT_READINESS,
                  initialDelaySeconds: 5,
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                spec.probes?.readiness,
                spec.port,
              ),
              volumeMounts,
            },
          ],
          volumes,
        },
      },
    },
  };
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
