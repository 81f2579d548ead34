import { BlastRadius } from '@paved/plugin-paved-common';
import { PAVED_FIELD_MANAGER } from '../apply/applyObjects';
import { KubernetesObject } from '../apply/types';
import {
  hpaRange,
  hpaTarget,
  objectKey,
  replicasOf,
  specOf,
  spoken,
  templateLabels,
} from './objects';
import { LabelSelectorSpec, matchesSelector } from './selectors';

type Conflict = BlastRadius['conflicts'][number];

const BLOCKS =
  'it blocks every eviction (node drains and cluster upgrades wait forever)';

/** Kinds an HPA target must be among for a missing target to be reported: the kinds the live state holds. */
const KNOWN_TARGET_KINDS = new Set(['Deployment', 'StatefulSet']);

/** An int-or-percent of a total, rounded up as the disruption controller does; undefined when unreadable. */
function scaled(value: unknown, total: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  if (match) return Math.ceil((Number(match[1]) * total) / 100);
  return /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * Whether the change itself sets a workload's `spec.replicas`: Paved's server-side apply owns the field in
 * the dry run's `managedFields`; an object without `managedFields` sets it when it holds it.
 */
export function setsReplicas(workload: KubernetesObject): boolean {
  const managed = workload.metadata.managedFields as
    | Array<{ manager?: string; operation?: string; fieldsV1?: any }>
    | undefined;
  if (!Array.isArray(managed)) return specOf(workload).replicas !== undefined;
  return managed.some(
    entry =>
      entry.manager === PAVED_FIELD_MANAGER &&
      entry.operation === 'Apply' &&
      entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined,
  );
}

function pdbConflict(
  pdb: KubernetesObject,
  targets: KubernetesObject[],
  replicasOfTarget: (w: KubernetesObject) => number,
): Conflict | undefined {
  const spec = specOf(pdb);
  const replicas = targets.reduce((sum, w) => sum + replicasOfTarget(w), 0);
  if (replicas === 0) return undefined;
  const names = targets.map(w => spoken(objectKey(w))).join(', ');
  const pods = `${replicas} pod${replicas === 1 ? '' : 's'}`;
  const fix =
    'lower minAvailable below the replica count or set maxUnavailable to at least 1';
  if (spec.minAvailable !== undefined) {
    const min = scaled(spec.minAvailable, replicas);
    if (min !== undefined && min >= replicas) {
      return {
        kind: 'PodDisruptionBudget',
        name: pdb.metadata.name,
        message: `PodDisruptionBudget ${pdb.metadata.name} keeps minAvailable ${spec.minAvailable} of ${names}'s ${pods}: ${BLOCKS}; ${fix}`,
      };
    }
  } else if (spec.maxUnavailable !== undefined) {
    const max = scaled(spec.maxUnavailable, replicas);
    if (max === 0) {
      return {
        kind: 'PodDisruptionBudget',
        name: pdb.metadata.name,
        message: `PodDisruptionBudget ${pdb.metadata.name} allows maxUnavailable ${spec.maxUnavailable} of ${names}'s ${pods}: ${BLOCKS}; ${fix}`,
      };
    }
  }
  return undefined;
}

/**
 * HPA and PodDisruptionBudget conflicts in the state after a change, each involving an object the change
 * writes (the PDB or HPA, or the workload it covers):
 * - a PDB whose `minAvailable` (int or %, rounded up) is at least the replicas of the Deployments and
 *   StatefulSets whose pods it selects (an HPA's `minReplicas` where one scales them), or whose
 *   `maxUnavailable` is 0 or rounds to 0; DaemonSets are left out (drains skip their pods);
 * - an HPA whose `minReplicas` exceeds its `maxReplicas`, or whose Deployment or StatefulSet target does not
 *   exist;
 * - a workload an HPA scales whose manifest sets `spec.replicas`, so each apply resets the replica count.
 */
export function findConflicts(input: {
  namespace: string;
  workloads: KubernetesObject[];
  podDisruptionBudgets: KubernetesObject[];
  horizontalPodAutoscalers: KubernetesObject[];
  changed: Set<string>;
}): Conflict[] {
  const { workloads, changed } = input;
  const conflicts: Conflict[] = [];
  const hpaOf = new Map<string, KubernetesObject>();
  for (const hpa of input.horizontalPodAutoscalers) {
    const target = hpaTarget(hpa);
    if (target) hpaOf.set(target, hpa);
  }
  const replicasOfTarget = (w: KubernetesObject) => {
    const hpa = hpaOf.get(objectKey(w));
    return hpa ? hpaRange(hpa).min : replicasOf(w);
  };
  const evictable = workloads.filter(w => w.kind !== 'DaemonSet');

  for (const pdb of input.podDisruptionBudgets) {
    const selector = specOf(pdb).selector as LabelSelectorSpec | undefined;
    const targets = evictable.filter(w =>
      matchesSelector(selector, templateLabels(w)),
    );
    const involved =
      changed.has(objectKey(pdb)) ||
      targets.some(w => changed.has(objectKey(w)));
    if (!involved || targets.length === 0) continue;
    const conflict = pdbConflict(pdb, targets, replicasOfTarget);
    if (conflict) conflicts.push(conflict);
  }

  const existing = new Map(workloads.map(w => [objectKey(w), w]));
  for (const hpa of input.horizontalPodAutoscalers) {
    const name = hpa.metadata.name;
    const target = hpaTarget(hpa);
    const workload = target ? existing.get(target) : undefined;
    const hpaChanged = changed.has(objectKey(hpa));
    const involved =
      hpaChanged || (target !== undefined && changed.has(target));
    if (!involved) continue;
    const { min, max } = hpaRange(hpa);
    if (min > max) {
      conflicts.push({
        kind: 'HorizontalPodAutoscaler',
        name,
        message: `HorizontalPodAutoscaler ${name} has minReplicas ${min} greater than maxReplicas ${max}; raise maxReplicas or lower minReplicas`,
      });
    }
    if (target && !workload && KNOWN_TARGET_KINDS.has(target.split('/')[0])) {
      conflicts.push({
        kind: 'HorizontalPodAutoscaler',
        name,
        message: `HorizontalPodAutoscaler ${name} scales ${spoken(
          target,
        )}, which does not exist in ${
          input.namespace
        }; fix spec.scaleTargetRef or add the workload`,
      });
    }
    if (workload && changed.has(target!) && setsReplicas(workload)) {
      conflicts.push({
        kind: workload.kind,
        name: workload.metadata.name,
        message: `${spoken(
          target!,
        )} is scaled by HorizontalPodAutoscaler ${name} but its manifest sets spec.replicas ${replicasOf(
          workload,
        )}: each apply resets the replicas to ${replicasOf(
          workload,
        )} until the autoscaler scales again; remove spec.replicas from the manifest`,
      });
    }
  }
  return conflicts;
}
