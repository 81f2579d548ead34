import { KUBERNETES_ID_ANNOTATION } from '@paved/plugin-paved-common';

/**
 * Label naming the application a pod belongs to; the second way to find a pod's workload.
 *
 * @public
 */
export const WORKLOAD_NAME_LABEL = 'app.kubernetes.io/name';

// Name patterns of pods made by controllers, most specific first.
const NAME_PATTERNS: RegExp[] = [
  // CronJob → Job <cronjob>-<scheduled minutes> → pod <job>-<5 chars>
  /^(.+)-\d{8,}-[a-z0-9]{5}$/,
  // Deployment → ReplicaSet <deployment>-<pod-template-hash> → pod <replicaset>-<5 chars>
  /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/,
  // StatefulSet → pod <statefulset>-<ordinal>
  /^(.+)-\d+$/,
  // DaemonSet, Job or bare ReplicaSet → pod <owner>-<5 chars>
  /^(.+)-[a-z0-9]{5}$/,
];

/**
 * The workload a pod (or volume, or service) belongs to, in this order:
 * 1. `workload` when the source knows the owner (Prometheus' `kube_pod_owner`, a ReplicaSet resolved to its
 *    Deployment, a Job named `<cronjob>-<minutes>` to its CronJob);
 * 2. the `app.kubernetes.io/name` label;
 * 3. the name with the suffix a controller adds removed (`checkout-api-7d9f8c6b5d-x2x4z` → `checkout-api`,
 *    `postgres-0` → `postgres`, `report-29180160-abcde` → `report`); volumes and services are not
 *    stripped;
 * 4. the name itself.
 *
 * @public
 */
export function workloadOf(object: {
  name: string;
  kind?: 'pod' | 'volume' | 'loadBalancer';
  labels?: Record<string, string>;
  workload?: string;
}): string {
  if (object.workload) return object.workload;
  const label = object.labels?.[WORKLOAD_NAME_LABEL];
  if (label) return label;
  if (object.kind === undefined || object.kind === 'pod') {
    for (const pattern of NAME_PATTERNS) {
      const match = pattern.exec(object.name);
      if (match) return match[1];
    }
  }
  return object.name;
}

/**
 * The catalog component of a pod, volume or service: its `backstage.io/kubernetes-id` label.
 *
 * @public
 */
export function componentOf(labels: Record<string, string> | undefined) {
  return labels?.[KUBERNETES_ID_ANNOTATION] || undefined;
}
