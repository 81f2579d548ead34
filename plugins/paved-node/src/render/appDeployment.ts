import { WebServiceSpec, WorkerSpec } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import {
  EnvVar,
  ProbeDefaults,
  baseContainer,
  podSecurityContext,
  probe,
  volumesOf,
} from './container';
import { RenderContext, objectHead, podMeta, selectorLabels } from './metadata';
import { RENDERED_KINDS } from './kinds';
import { podIdentity } from './shared';
import { Component } from './types';

type JsonMap = Record<string, unknown>;

/** What differs between the Deployments of the golden paths that run the application's own container. */
export interface AppDeploymentParts {
  component: Component;
  replicas: number;
  /** The update strategy; the Kubernetes default when absent. */
  strategy?: JsonMap;
  /** Spread the pods over nodes (by hostname) when it can be done. */
  spreadOverNodes?: boolean;
  terminationGracePeriodSeconds?: number;
  /** The container's ports; none when absent. */
  ports?: JsonMap[];
  env: EnvVar[];
  /** Liveness and readiness checks used when the spec has none of its own. */
  probes: { liveness: ProbeDefaults; readiness: ProbeDefaults };
  /** Where HTTP probes connect: a port name or number. */
  probePort: string | number | undefined;
}

/** The pod of an application container: non-root, under the component's service account. */
function appPodSpec(
  ctx: RenderContext<WebServiceSpec | WorkerSpec>,
  parts: AppDeploymentParts,
  selector: Record<string, string>,
): JsonMap {
  const { spec, options } = ctx;
  const { volumes, volumeMounts } = volumesOf(spec.volumes);
  return {
    ...podIdentity(ctx),
    securityContext: podSecurityContext(),
    ...(parts.terminationGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds }
      : {}),
    ...(parts.spreadOverNodes
      ? {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector },
            },
          ],
        }
      : {}),
    containers: [
      {
        ...baseContainer(spec, options),
        ...(parts.ports ? { ports: parts.ports } : {}),
        env: parts.env,
        livenessProbe: probe(
          parts.probes.liveness,
          spec.probes?.liveness,
          parts.probePort,
        ),
        readinessProbe: probe(
          parts.probes.readiness,
          spec.probes?.readiness,
          parts.probePort,
        ),
        volumeMounts,
      },
    ],
    volumes,
  };
}

/**
 * The Deployment of an application container (web service, worker): the spec's image, size, volumes and
 * probes, run without root under the component's service account, with `parts` filling in what differs.
 */
export function appDeployment(
  ctx: RenderContext<WebServiceSpec | WorkerSpec>,
  parts: AppDeploymentParts,
): KubernetesObject {
  const { component } = parts;
  const selector = selectorLabels(ctx.spec, component);
  const template = {
    metadata: podMeta(ctx, component),
    spec: appPodSpec(ctx, parts, selector),
  };
  return {
    ...objectHead(ctx, RENDERED_KINDS.Deployment, ctx.spec.name, component),
    spec: {
      replicas: parts.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      ...(parts.strategy ? { strategy: parts.strategy } : {}),
      template,
    },
  };
}
