import { Entity } from '@backstage/catalog-model';
import { DriftedObject, EntityDrift } from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesObject,
  computeDrift,
  listPodTemplateWorkloads,
  revisionObjectKey,
} from '@paved/plugin-paved-node';
import { toError } from '@backstage/errors';
import {
  forEachEnvironment,
  skipDeniedOrGone,
} from '../entity/entityEnvironments';
import { entityScope } from '../entity/entityScope';
import { RevisionStore } from './RevisionStore';
import { revisionScope, scopeEnvironments } from './RevisionService';

/**
 * Drift: for each workload of an entity, the fields whose live value differs from the last revision Paved
 * applied to it, each named with the field manager that changed it and when.
 */
export class DriftService {
  constructor(
    private readonly deps: { store: RevisionStore; clusters: ClusterRegistry },
  ) {}

  async entityDrift(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityDrift> {
    const target = revisionScope(entity);
    // a component's workloads carry its selector; a team's or an environment's page shows every workload
    const selector = target.component
      ? entityScope(entity).selector
      : undefined;
    if (target.component && !selector) return { objects: [], notes: [] };
    const environments = await scopeEnvironments(
      this.deps.clusters,
      target,
      identity,
    );
    const notes: string[] = [];
    const objects = await forEachEnvironment(
      this.deps.clusters,
      environments,
      async ({ cluster, env, asUser }) => {
        const namespace = env.namespace;
        let workloads: KubernetesObject[];
        try {
          workloads = await listPodTemplateWorkloads(asUser, namespace, {
            labelSelector: selector,
          });
        } catch (error) {
          notes.push(`${cluster}/${namespace}: ${toError(error).message}`);
          return [];
        }
        const drifted: DriftedObject[] = [];
        for (const live of workloads) {
          const [last] = await this.deps.store.forObject(
            { cluster, namespace, kind: live.kind, name: live.metadata.name },
            1,
          );
          const applied = last?.manifests.find(
            o =>
              revisionObjectKey(o as KubernetesObject) ===
              revisionObjectKey(live),
          ) as KubernetesObject | undefined;
          if (!last || !applied) continue;
          const fields = computeDrift(applied, live);
          if (fields.length === 0) continue;
          drifted.push({
            cluster,
            namespace,
            kind: live.kind,
            name: live.metadata.name,
            revision: last.revision,
            fields,
          });
        }
        return drifted;
      },
      { skip: skipDeniedOrGone },
    );
    return { objects, notes };
  }
}
