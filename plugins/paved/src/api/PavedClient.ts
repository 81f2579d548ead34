import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityPlatformOverview } from '@paved/plugin-paved-common';
import { PavedApi } from './PavedApi';

/**
 * {@link PavedApi} over HTTP, authenticated by the app's fetch API.
 *
 * @public
 */
export class PavedClient implements PavedApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getOverview(
    entity: CompoundEntityRef,
  ): Promise<EntityPlatformOverview> {
    return this.get(
      `/entities/${encodeURIComponent(entity.namespace)}/${encodeURIComponent(
        entity.kind,
      )}/${encodeURIComponent(entity.name)}/overview`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('paved');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
