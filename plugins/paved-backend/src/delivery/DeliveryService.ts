import { Entity } from '@backstage/catalog-model';
import { isErrorNamed } from '@paved/plugin-paved-common';
import type {
  EntityDelivery,
  EnvironmentDelivery,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  FluxDelivery,
} from '@paved/plugin-paved-node';
import {
  EnvironmentRead,
  readEntityEnvironments,
  skipDenied,
} from '../entity/entityEnvironments';
import { entityScope } from '../entity/entityScope';
import { UnavailableClusters } from '../entity/UnavailableClusters';

/**
 * The GitOps delivery of an entity's environments, read as the user: an environment whose GitRepository and
 * Kustomization the user may not read (another team's, or a tier without that right) is left out like any
 * other view of it, and so is one not delivered by GitOps or on a cluster without Flux.
 */
export class DeliveryService {
  constructor(private readonly clusters: ClusterRegistry) {}

  async delivery(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityDelivery> {
    const { teams, selector } = entityScope(entity);
    if (!selector) return { environments: [] };
    const unavailable = new UnavailableClusters();
    const environments = await readEntityEnvironments(
      this.clusters,
      { teams, selector, identity, skip: skipDenied, unavailable },
      deliveryOf,
    );
    return { environments, ...unavailable.answer() };
  }
}

async function deliveryOf({
  asUser,
  namespace,
}: EnvironmentRead): Promise<
  Array<Omit<EnvironmentDelivery, 'cluster' | 'namespace' | 'environment'>>
> {
  try {
    const { state, ...rest } = await new FluxDelivery(asUser).status(namespace);
    return state === 'off' ? [] : [{ state, ...rest }];
  } catch (error) {
    // a cluster without Flux delivers nothing by GitOps
    if (isErrorNamed(error, 'NotFoundError')) return [];
    throw error;
  }
}
