import { KubernetesObject } from '../../apply/types';
import { LiveState } from '../types';

export const NAMESPACE = 'checkout-dev';
export const ID = 'backstage.io/kubernetes-id';

type Labels = Record<string, string>;

/** A Deployment selecting its component's pods by kubernetes-id, with extra template labels. */
export function deployment(
  name: string,
  options: {
    component?: string;
    labels?: Labels;
    replicas?: number;
    image?: string;
    kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
    cpu?: string;
    memory?: string;
  } = {},
): KubernetesObject {
  const component = options.component ?? name;
  const kind = options.kind ?? 'Deployment';
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: NAMESPACE, labels: { [ID]: component } },
    spec: {
      ...(kind === 'DaemonSet' ? {} : { replicas: options.replicas ?? 1 }),
      selector: { matchLabels: { [ID]: component } },
      template: {
        metadata: {
          labels: { [ID]: component, app: name, ...options.labels },
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: options.image ?? `ghcr.io/acme/${name}:1.0.0`,
              resources: {
                requests: {
                  cpu: options.cpu ?? '100m',
                  memory: options.memory ?? '128Mi',
                },
              },
            },
          ],
        },
      },
    },
  };
}

/** A running pod of a workload, labelled as its template says (plus the ReplicaSet's hash). */
export function podsOf(workload: KubernetesObject, count: number) {
  const labels = (workload.spec as any).template.metadata.labels as Labels;
  return Array.from(
    { length: count },
    (_, i): KubernetesObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${workload.metadata.name}-5d9f8c6b7d-pod${i}`,
        namespace: NAMESPACE,
        labels: { ...labels, 'pod-template-hash': '5d9f8c6b7d' },
      },
      status: { phase: 'Running' },
    }),
  );
}

export function service(name: string, selector: Labels): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NAMESPACE, labels: { [ID]: name } },
    spec: { selector, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export function pdb(
  name: string,
  budget:
    | { minAvailable: number | string }
    | { maxUnavailable: number | string },
  component = name,
): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: NAMESPACE, labels: { [ID]: component } },
    spec: { ...budget, selector: { matchLabels: { [ID]: component } } },
  };
}

export function hpa(
  name: string,
  range: { min?: number; max: number },
  target = name,
  targetKind = 'Deployment',
): KubernetesObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: NAMESPACE, labels: { [ID]: target } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: targetKind, name: target },
      ...(range.min !== undefined ? { minReplicas: range.min } : {}),
      maxReplicas: range.max,
    },
  };
}

export function networkPolicy(
  name: string,
  spec: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: NAMESPACE },
    spec,
  };
}

/** A live state with defaults for the kinds a test does not set. */
export function liveState(parts: Partial<LiveState>): LiveState {
  return {
    pods: [],
    services: [],
    workloads: [],
    podDisruptionBudgets: [],
    horizontalPodAutoscalers: [],
    networkPolicies: [],
    ...parts,
  };
}
