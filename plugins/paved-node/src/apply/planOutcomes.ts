import { ApplyPlan } from './plan';
import { AppliedObject, KubernetesObject } from './types';

/** The result and diff the check found for one object (and, from a dry run, the fields it removes). */
export interface ObjectOutcome {
  applied: AppliedObject;
  diff: string;
  removed?: string[];
  /** What the object would become: the dry run's answer, or the live object merged with the change. */
  after?: KubernetesObject;
}

/** A plan from the outcomes of its objects, in their order; objects without changes add no diff. */
export function planFromOutcomes(
  cluster: string,
  objects: KubernetesObject[],
  outcomes: ObjectOutcome[],
  warnings: string[],
): ApplyPlan {
  return {
    cluster,
    objects,
    results: outcomes.map(o => o.applied),
    planned: outcomes.map((o, i) => o.after ?? objects[i]),
    diff: outcomes
      .map(o => o.diff)
      .filter(Boolean)
      .join('\n'),
    warnings,
  };
}
