import { EntityDiagnosis } from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  ClusterRegistry,
  diagnoseNamespace,
} from '@paved/plugin-paved-node';
import { readEntityObjects } from '../entity/entityEnvironments';

/**
 * Why an entity's pods or rollouts are unhealthy, found by the node library's diagnosis engine
 * (`diagnoseNamespace`) in every environment of the entity's teams, read as the signed-in user.
 */
export class DiagnosesService {
  constructor(private readonly clusters: ClusterRegistry) {}

  /** The diagnoses of the entity's objects, with causes and fixes, per environment the user may read. */
  async diagnoses(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityDiagnosis[]> {
    return readEntityObjects(
      this.clusters,
      entity,
      identity,
      diagnoseNamespace,
    );
  }
}
