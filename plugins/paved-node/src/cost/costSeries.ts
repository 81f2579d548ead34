import {
  KUBERNETES_ID_ANNOTATION,
  PAVED_LABELS,
} from '@paved/plugin-paved-common';
import { PromSeries } from '../observe/prometheus';
import { WORKLOAD_NAME_LABEL } from './workload';

/**
 * Reading the kube-state-metrics series the cost source needs besides the samples: pod and namespace labels
 * and the owner chain from pod to workload. Everything here is keyed by `namespace/pod`.
 */

/** Pod labels read from `kube_pod_labels` (Prometheus turns `a.b/c` into `label_a_b_c`). */
const POD_LABELS = [
  WORKLOAD_NAME_LABEL,
  'app.kubernetes.io/instance',
  'app.kubernetes.io/part-of',
  KUBERNETES_ID_ANNOTATION,
];

function promLabel(key: string) {
  return `label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** The Kubernetes labels `keys` found in a kube-state-metrics `*_labels` series, by their Kubernetes key. */
function pickLabels(series: Record<string, string>, keys: string[]) {
  const labels: Record<string, string> = {};
  for (const key of keys) {
    const value = series[promLabel(key)];
    if (value) labels[key] = value;
  }
  return labels;
}

/** The key of a pod's series: `namespace/pod`. */
export const podKeyOf = (labels: Record<string, string>) =>
  `${labels.namespace}/${labels.pod}`;

/** The cost-relevant labels of each pod (workload name, instance, part-of, component id), by pod key. */
export function podLabelsByPod(
  podLabels: PromSeries[],
): Map<string, Record<string, string>> {
  return new Map(
    podLabels.map(s => [podKeyOf(s.labels), pickLabels(s.labels, POD_LABELS)]),
  );
}

/** The `paved.dev/*` labels of each namespace. */
export function pavedLabelsByNamespace(
  namespaceLabels: PromSeries[],
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    namespaceLabels.map(s => [
      s.labels.namespace,
      pickLabels(s.labels, Object.values(PAVED_LABELS)),
    ]),
  );
}

/**
 * The workload of each pod, by pod key, from its controlling owner: a ReplicaSet's Deployment, a Job's
 * CronJob (by the Job's name), or the owner itself.
 */
export function workloadsByPod(
  podOwners: PromSeries[],
  replicaSetOwners: PromSeries[],
): Map<string, string> {
  const deployments = new Map(
    replicaSetOwners
      .filter(s => s.labels.owner_kind === 'Deployment')
      .map(s => [
        `${s.labels.namespace}/${s.labels.replicaset}`,
        s.labels.owner_name,
      ]),
  );
  const owners = new Map<string, string>();
  for (const s of podOwners) {
    const { owner_kind: kind, owner_name: name, namespace } = s.labels;
    if (!name || name === '<none>') continue;
    let workload = name;
    if (kind === 'ReplicaSet') {
      workload = deployments.get(`${namespace}/${name}`) ?? name;
    } else if (kind === 'Job') {
      // a CronJob names its Jobs <cronjob>-<scheduled time in minutes>
      workload = /^(.+)-\d{8,}$/.exec(name)?.[1] ?? name;
    }
    owners.set(podKeyOf(s.labels), workload);
  }
  return owners;
}
