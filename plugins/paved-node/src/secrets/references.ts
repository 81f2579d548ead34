import { KubernetesObject } from '../apply/types';
import { podTemplates } from '../guardrails/podTemplates';

/**
 * One place a workload reads a Secret: a key (`env[].valueFrom.secretKeyRef`, a volume's `items`) or the
 * whole Secret (`envFrom[].secretRef`, a volume without items; `key` is then absent).
 *
 * @public
 */
export interface SecretReference {
  secretName: string;
  key?: string;
  /** `Deployment/orders`. */
  workload: string;
  /** The container reading it; for volumes, every container mounting the volume (or the pod's first). */
  container: string;
  /** The environment variable it fills. */
  env?: string;
  /** `optional: true`: the workload starts without it. */
  optional: boolean;
}

interface EnvVar {
  name?: string;
  valueFrom?: {
    secretKeyRef?: { name?: string; key?: string; optional?: boolean };
  };
}
interface EnvFrom {
  secretRef?: { name?: string; optional?: boolean };
}
interface Volume {
  name?: string;
  secret?: {
    secretName?: string;
    optional?: boolean;
    items?: Array<{ key?: string }>;
  };
}
interface RefContainer {
  name?: string;
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  volumeMounts?: Array<{ name?: string }>;
}

/**
 * Every Secret reference of an object's pod templates (containers and init containers). Objects that hold
 * no pod template have none.
 *
 * @public
 */
export function secretReferences(object: KubernetesObject): SecretReference[] {
  const workload = `${object.kind}/${object.metadata.name}`;
  const found: SecretReference[] = [];
  for (const { spec } of podTemplates(object)) {
    const containers = [
      ...((spec.initContainers ?? []) as RefContainer[]),
      ...((spec.containers ?? []) as RefContainer[]),
    ];
    for (const container of containers) {
      const name = container.name ?? '';
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref?.name && ref.key) {
          found.push({
            secretName: ref.name,
            key: ref.key,
            workload,
            container: name,
            ...(env.name ? { env: env.name } : {}),
            optional: ref.optional === true,
          });
        }
      }
      for (const from of container.envFrom ?? []) {
        if (from.secretRef?.name) {
          found.push({
            secretName: from.secretRef.name,
            workload,
            container: name,
            optional: from.secretRef.optional === true,
          });
        }
      }
    }
    for (const volume of (spec.volumes ?? []) as Volume[]) {
      const secret = volume.secret;
      if (!secret?.secretName) continue;
      const mounting = containers
        .filter(c => c.volumeMounts?.some(m => m.name === volume.name))
        .map(c => c.name ?? '');
      const readers =
        mounting.length > 0 ? mounting : [containers[0]?.name ?? ''];
      const keys = (secret.items ?? [])
        .map(i => i.key)
        .filter((k): k is string => !!k);
      for (const container of readers) {
        const base = {
          secretName: secret.secretName,
          workload,
          container,
          optional: secret.optional === true,
        };
        if (keys.length === 0) found.push(base);
        for (const key of keys) found.push({ ...base, key });
      }
    }
  }
  return found;
}
