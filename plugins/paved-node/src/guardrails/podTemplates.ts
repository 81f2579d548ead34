import { KubernetesObject } from '../apply/types';

/** A pod spec inside an object, with the field path that leads to it. */
export interface PodTemplate {
  path: string;
  spec: PodSpec;
  /** Whether the pods are meant to run indefinitely (probes make sense). */
  longRunning: boolean;
}

/** The parts of a pod spec the guardrails read. */
export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name?: string; hostPath?: unknown }>;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}

export interface Container {
  name?: string;
  image?: string;
  securityContext?: SecurityContext;
  resources?: {
    requests?: Record<string, unknown>;
    limits?: Record<string, unknown>;
  };
  ports?: Array<{ hostPort?: number }>;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
}

const get = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (v, k) =>
      v && typeof v === 'object'
        ? (v as Record<string, unknown>)[k]
        : undefined,
    value,
  );

/** Finds the pod spec of workload kinds (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob). */
export function podTemplates(object: KubernetesObject): PodTemplate[] {
  const at = (
    path: string,
    longRunning: boolean,
    ...keys: string[]
  ): PodTemplate[] => {
    const spec = get(object, ...keys);
    return spec && typeof spec === 'object'
      ? [{ path, spec: spec as PodSpec, longRunning }]
      : [];
  };
  switch (object.kind) {
    case 'Pod':
      return at('spec', false, 'spec');
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicationController':
      return at('spec.template.spec', true, 'spec', 'template', 'spec');
    case 'Job':
      return at('spec.template.spec', false, 'spec', 'template', 'spec');
    case 'CronJob':
      return at(
        'spec.jobTemplate.spec.template.spec',
        false,
        'spec',
        'jobTemplate',
        'spec',
        'template',
        'spec',
      );
    default:
      return [];
  }
}
