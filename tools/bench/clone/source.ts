import { KubernetesObject } from '../../../plugins/paved-node/src';
import { webServiceBundle } from '../bundle';

/** The source environment's objects: ten 10-object apps (the golden-path bundle without its RBAC pair), 100 objects. */
export function sourceObjects(): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (let i = 0; i < 10; i++) {
    const app = webServiceBundle(`app-${i}`).filter(
      o => o.kind !== 'Role' && o.kind !== 'RoleBinding',
    );
    for (const o of app) {
      if (o.kind === 'Deployment') o.spec.replicas = 1;
      else if (o.kind === 'HorizontalPodAutoscaler') o.spec.minReplicas = 1;
    }
    objects.push(...(app as KubernetesObject[]));
  }
  return objects;
}
