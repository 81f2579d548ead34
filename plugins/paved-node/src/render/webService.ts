import { WebServiceSpec } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { appDeployment } from './appDeployment';
import { envVar, envVars } from './container';
import { RenderContext, objectHead, selectorLabels } from './metadata';
import { RENDERED_KINDS } from './kinds';
import {
  cpuAutoscaler,
  namespaceNamed,
  networkPolicy,
  podDisruptionBudget,
  serviceAccount,
} from './shared';
import { OPTIONAL_KIND_ANNOTATION } from './types';
import { telemetryEnv } from './telemetry';

const COMPONENT = 'web';

/** `replicas`, or the baseline: at least 3, and at least the autoscaling minimum. */
function replicasOf(spec: WebServiceSpec): number {
  return spec.replicas ?? Math.max(3, spec.autoscaling.min);
}

function deployment(ctx: RenderContext<WebServiceSpec>): KubernetesObject {
  const { spec } = ctx;
  const env = envVars(spec.env);
  if (!('PORT' in spec.env)) env.push(envVar('PORT', String(spec.port)));
  env.push(...telemetryEnv(spec, COMPONENT, ctx.options));
  return appDeployment(ctx, {
    component: COMPONENT,
    replicas: replicasOf(spec),
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
    },
    spreadOverNodes: true,
    ports: [
      { name: 'http', containerPort: spec.port, protocol: 'TCP' },
      ...spec.extraPorts.map(p => ({
        name: p.name,
        containerPort: p.port,
        protocol: p.protocol,
      })),
    ],
    env,
    probes: {
      liveness: {
        path: '/healthz',
        initialDelaySeconds: 10,
        periodSeconds: 10,
        timeoutSeconds: 2,
        failureThreshold: 3,
      },
      readiness: {
        path: '/ready',
        initialDelaySeconds: 5,
        periodSeconds: 5,
        timeoutSeconds: 2,
        failureThreshold: 3,
      },
    },
    probePort: 'http',
  });
}

function service(ctx: RenderContext<WebServiceSpec>): KubernetesObject {
  const { spec } = ctx;
  return {
    ...objectHead(ctx, RENDERED_KINDS.Service, spec.name, COMPONENT),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(spec, COMPONENT),
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ...spec.extraPorts
          .filter(p => p.expose)
          .map(p => ({
            name: p.name,
            port: p.port,
            targetPort: p.name,
            protocol: p.protocol,
          })),
      ],
    },
  };
}

function ingress(ctx: RenderContext<WebServiceSpec>): KubernetesObject {
  const { spec, options } = ctx;
  const zone = options.environment ?? options.namespace;
  const host =
    spec.ingress.host ??
    [spec.name, zone, options.ingressDomain].filter(Boolean).join('.');
  return {
    ...objectHead(ctx, RENDERED_KINDS.Ingress, spec.name, COMPONENT),
    spec: {
      ingressClassName: options.ingressClassName,
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: spec.ingress.path,
                pathType: 'Prefix',
                backend: {
                  service: { name: spec.name, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The port Prometheus scrapes: an extra port named `metrics` when the Service exposes one, else `http`. */
function metricsPort(spec: WebServiceSpec): string {
  return spec.extraPorts.some(p => p.name === 'metrics' && p.expose)
    ? 'metrics'
    : 'http';
}

function serviceMonitor(ctx: RenderContext<WebServiceSpec>): KubernetesObject {
  const { spec } = ctx;
  return {
    ...objectHead(ctx, RENDERED_KINDS.ServiceMonitor, spec.name, COMPONENT, {
      [OPTIONAL_KIND_ANNOTATION]: 'true',
    }),
    spec: {
      selector: { matchLabels: selectorLabels(spec, COMPONENT) },
      endpoints: [
        { port: metricsPort(spec), path: '/metrics', interval: '30s' },
      ],
    },
  };
}

function webNetworkPolicy(ctx: RenderContext<WebServiceSpec>) {
  const { options, spec } = ctx;
  const port = metricsPort(spec);
  return networkPolicy(ctx, COMPONENT, [
    {
      from: [namespaceNamed(options.ingressControllerNamespace)],
      ports: [{ protocol: 'TCP', port: 'http' }],
    },
    { from: [{ podSelector: {} }] },
    ...(options.monitoringNamespace
      ? [
          {
            from: [namespaceNamed(options.monitoringNamespace)],
            ports: [{ protocol: 'TCP', port }],
          },
        ]
      : []),
  ]);
}

/**
 * The web-service golden path: ServiceAccount, Deployment, Service, Ingress, HorizontalPodAutoscaler,
 * PodDisruptionBudget, NetworkPolicy and ServiceMonitor.
 */
export function renderWebService(
  ctx: RenderContext<WebServiceSpec>,
): KubernetesObject[] {
  const { spec } = ctx;
  return [
    serviceAccount(ctx, COMPONENT),
    deployment(ctx),
    service(ctx),
    ...(spec.ingress.enabled ? [ingress(ctx)] : []),
    ...(spec.autoscaling.enabled
      ? [cpuAutoscaler(ctx, COMPONENT, spec.autoscaling)]
      : []),
    podDisruptionBudget(ctx, COMPONENT, { maxUnavailable: 1 }),
    webNetworkPolicy(ctx),
    serviceMonitor(ctx),
  ];
}
