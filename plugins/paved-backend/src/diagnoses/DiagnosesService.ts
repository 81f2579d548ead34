import {
  EntityDiagnosis,
  PartialClusterAnswer,
} from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  ClusterRegistry,
  SingleFlight,
  diagnoseNamespace,
} from '@paved/plugin-paved-node';
import { viewKey } from '../entity/viewKey';
import { readEntityObjects } from '../entity/entityEnvironments';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { correlateDiagnoses } from '../revisions/correlateDiagnoses';
import { RevisionStore } from '../revisions/RevisionStore';

/**
 * Why an entity's pods or rollouts are unhealthy, found by the node library's diagnosis engine
 * (`diagnoseNamespace`) in every environment of the entity's teams, read as the signed-in user, each with the
 * revision that preceded it when Paved applied the failing workload.
 */
export class DiagnosesService {
  private readonly flights = new SingleFlight<
    { diagnoses: EntityDiagnosis[] } & PartialClusterAnswer
  >();

  constructor(
    private readonly clusters: ClusterRegistry,
    /** Where the revisions are, to name the change that preceded a failure; none when absent. */
    private readonly revisions?: RevisionStore,
  ) {}

  /**
   * The diagnoses of the entity's objects, with causes and fixes, per environment the user may read; the
   * clusters that could not be read are named in `unavailableClusters`. Callers asking for the same user's
   * diagnoses of the same entity while they are being found share them; the answer is not to be changed.
   */
  diagnoses(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<{ diagnoses: EntityDiagnosis[] } & PartialClusterAnswer> {
    return this.flights.run(viewKey(entity, identity), () =>
      this.find(entity, identity),
    );
  }

  private async find(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<{ diagnoses: EntityDiagnosis[] } & PartialClusterAnswer> {
    const unavailable = new UnavailableClusters();
    const diagnoses = await readEntityObjects(
      this.clusters,
      entity,
      identity,
      diagnoseNamespace,
      unavailable,
    );
    return {
      diagnoses: this.revisions
        ? await correlateDiagnoses(this.revisions, diagnoses)
        : diagnoses,
      ...unavailable.answer(),
    };
  }
}
