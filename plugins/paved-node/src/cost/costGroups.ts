import { InputError } from '@backstage/errors';
import { PAVED_LABELS, decodeEntityRefLabel } from '@paved/plugin-paved-common';
import { AllocationResult } from './types';

/**
 * The groups of a cost report: the dimensions costs are grouped by and which group each item falls in.
 */

/**
 * Key of the group holding costs that belong to no workload, component or team.
 *
 * @public
 */
export const UNALLOCATED_GROUP = '__unallocated__';

/**
 * Key of the group holding idle cost that is not shared.
 *
 * @public
 */
export const IDLE_GROUP = '__idle__';

/**
 * What costs are grouped by: `workload` (namespace and owner, see `workloadOf`), `component` (the
 * `backstage.io/kubernetes-id` label), `environment` (the namespace) or `team` (the namespace's
 * `paved.dev/team` label, as a group ref).
 *
 * @public
 */
export type CostDimension = 'workload' | 'component' | 'environment' | 'team';

/**
 * The team of a namespace: its `paved.dev/team` label decoded to a group ref.
 *
 * @public
 */
export function teamOf(
  namespace: string,
  namespaceLabels: Record<string, Record<string, string>>,
): string | undefined {
  const label = namespaceLabels[namespace]?.[PAVED_LABELS.team];
  return label ? decodeEntityRefLabel(label) : undefined;
}

/** A group of a report: its key, name and, for a workload, namespace. */
export interface GroupMeta {
  key: string;
  name: string;
  namespace?: string;
}

/**
 * Assigns each item the index of its group in `groupIndex`, appending groups to `meta` in order of first
 * appearance. Only the workload dimension builds a key string per new group; the others key on strings the
 * items already hold.
 *
 * @throws InputError for an unknown dimension.
 */
export function assignGroups(
  result: AllocationResult,
  dimension: CostDimension,
  groupIndex: Int32Array,
  meta: GroupMeta[],
): void {
  const indexes = new Map<string, number>();
  const add = (key: string, name: string, namespace?: string) => {
    let index = indexes.get(key);
    if (index === undefined) {
      index = meta.length;
      indexes.set(key, index);
      meta.push(
        namespace === undefined ? { key, name } : { key, name, namespace },
      );
    }
    return index;
  };
  const { items } = result;
  switch (dimension) {
    case 'workload': {
      const byNamespace = new Map<string, Map<string, number>>();
      for (let i = 0; i < items.length; i++) {
        const { namespace, workload } = items[i];
        let workloads = byNamespace.get(namespace);
        if (!workloads) {
          workloads = new Map();
          byNamespace.set(namespace, workloads);
        }
        let index = workloads.get(workload);
        if (index === undefined) {
          index = add(`${namespace}/${workload}`, workload, namespace);
          workloads.set(workload, index);
        }
        groupIndex[i] = index;
      }
      return;
    }
    case 'component':
      for (let i = 0; i < items.length; i++) {
        const key = items[i].component ?? UNALLOCATED_GROUP;
        groupIndex[i] = add(key, key);
      }
      return;
    case 'environment':
      for (let i = 0; i < items.length; i++) {
        const key = items[i].namespace;
        groupIndex[i] = add(key, key);
      }
      return;
    case 'team': {
      const teams = new Map<string, string>();
      for (let i = 0; i < items.length; i++) {
        const { namespace } = items[i];
        let key = teams.get(namespace);
        if (key === undefined) {
          key = teamOf(namespace, result.namespaceLabels) ?? UNALLOCATED_GROUP;
          teams.set(namespace, key);
        }
        groupIndex[i] = add(key, key);
      }
      return;
    }
    default:
      throw new InputError(
        `Costs cannot be grouped by "${dimension}"; use workload, component, environment or team`,
      );
  }
}
