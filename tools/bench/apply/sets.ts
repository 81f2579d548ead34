import { KubernetesObject } from '../../../plugins/paved-node/src';
import { webServiceBundle } from '../bundle';
import { v1Objects } from '../rollback/objects';

/** One set of objects the apply bench applies, as every contender sees it. */
export interface ObjectSet {
  name: string;
  objects: KubernetesObject[];
}

/**
 * The sets: a golden-path web-service bundle (12 objects) and the microservices demo (35 objects, from
 * `../shared/corpus`, made guardrail-clean as the rollback bench does; skipped when the corpus is absent).
 */
export function objectSets(): ObjectSet[] {
  const sets: ObjectSet[] = [
    {
      name: 'golden-path bundle',
      objects: webServiceBundle('bench-web') as KubernetesObject[],
    },
  ];
  const demo = v1Objects();
  if (demo.label.startsWith('microservices demo')) {
    sets.push({ name: 'microservices demo', objects: demo.objects });
  } else {
    console.log(
      '(no ../shared/corpus/microservices-demo: that set is skipped)',
    );
  }
  return sets;
}
