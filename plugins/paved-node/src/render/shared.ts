import { KubernetesObject } from '../apply/types';
import { RenderContext, objectHead, selectorLabels } from './metadata';
import { RENDERED_KINDS } from './kinds';
import { Component } from './types';

/** The app's own ServiceAccount; pods do not mount its token. */
export function serviceAccount(
  ctx: RenderContext,
  component: Component,
): KubernetesObject {
  return {
    ...objectHead(ctx, RENDERED_KINDS.ServiceAccount, ctx.spec.name, component),
    automountServiceAccountToken: false,
  };
}

/** A PodDisruptionBudget over the component's pods. */
export function podDisruptionBudget(
  ctx: RenderContext,
  component: Component,
  budget: { maxUnavailable: number } | { minAvailable: number },
): KubernetesObject {
  return {
    ...objectHead(
      ctx,
      RENDERED_KINDS.PodDisruptionBudget,
      ctx.spec.name,
      component,
    ),
    spec: {
      ...budget,
      selector: { matchLabels: selectorLabels(ctx.spec, component) },
    },
  };
}

/** A namespace selector for one namespace, by its immutable name label. */
export function namespaceNamed(namespace: string) {
  return {
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': namespace },
    },
  };
}

/** A NetworkPolicy for the component's pods: only the listed ingress rules; none denies all ingress. */
export function networkPolicy(
  ctx: RenderContext,
  component: Component,
  ingress: Array<Record<string, unknown>>,
): KubernetesObject {
  return {
    ...objectHead(ctx, RENDERED_KINDS.NetworkPolicy, ctx.spec.name, component),
    spec: {
      podSelector: { matchLabels: selectorLabels(ctx.spec, component) },
      policyTypes: ['Ingress'],
      ...(ingress.length > 0 ? { ingress } : {}),
    },
  };
}

/** Pod spec fields every golden path shares: the app's ServiceAccount without a mounted token. */
export function podIdentity(ctx: RenderContext): Record<string, unknown> {
  return {
    serviceAccountName: ctx.spec.name,
    automountServiceAccountToken: false,
  };
}

/** A HorizontalPodAutoscaler (autoscaling/v2) scaling the app's Deployment on average CPU use. */
export function cpuAutoscaler(
  ctx: RenderContext,
  component: Component,
  autoscaling: { min: number; max: number; targetCPU: number },
): KubernetesObject {
  return {
    ...objectHead(
      ctx,
      RENDERED_KINDS.HorizontalPodAutoscaler,
      ctx.spec.name,
      component,
    ),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: ctx.spec.name,
      },
      minReplicas: autoscaling.min,
      maxReplicas: autoscaling.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: autoscaling.targetCPU,
            },
          },
        },
      ],
    },
  };
}
