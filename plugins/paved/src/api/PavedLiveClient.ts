import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  LiveSubscription,
  RouteCaller,
  createRouteCaller,
  liveRoutes,
} from '@paved/plugin-paved-common';

const params = (entity: CompoundEntityRef) => ({
  namespace: entity.namespace,
  kind: entity.kind,
  name: entity.name,
});

/**
 * The live-update routes of `/api/paved` (`liveRoutes` of the contract): registering interest in an
 * entity's live updates, and leaving.
 *
 * @public
 */
export class PavedLiveClient {
  private readonly call: RouteCaller;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.call = createRouteCaller(async request =>
      options.fetchApi.fetch(
        `${await options.discoveryApi.getBaseUrl('paved')}${request.path}`,
        {
          method: request.method,
          body: request.body,
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
  }

  /** Registers (or renews) the signed-in user's interest in `entity` for the answer's `ttlSeconds`. */
  subscribe(entity: CompoundEntityRef): Promise<LiveSubscription> {
    return this.call(liveRoutes.subscribe, {
      params: params(entity),
      body: {},
    });
  }

  /** Ends the registration at once. */
  async leave(entity: CompoundEntityRef): Promise<void> {
    await this.call(liveRoutes.leave, { params: params(entity), body: {} });
  }
}
