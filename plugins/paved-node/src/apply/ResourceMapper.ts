import { InputError, NotFoundError } from '@backstage/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';

/**
 * Where an object of some kind lives in the API.
 *
 * @public
 */
export interface ResourceInfo {
  /** `/api/v1` or `/apis/<group>/<version>` */
  base: string;
  plural: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/**
 * Maps apiVersion + kind to the resource path through the API server's discovery, once per group version.
 *
 * @public
 */
export class ResourceMapper {
  private readonly groups = new Map<string, Promise<ApiResourceList>>();

  constructor(private readonly client: KubernetesClient) {}

  /** The API path of a kind, or an InputError naming the kind the cluster does not know. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const base = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let list = this.groups.get(base);
    if (!list) {
      list = this.client.request<ApiResourceList>({
        path: base,
        context: `looking up ${apiVersion} on cluster "${this.client.cluster.name}"`,
      });
      this.groups.set(base, list);
    }
    let resources: ApiResourceList;
    try {
      resources = await list;
    } catch (error) {
      this.groups.delete(base);
      if (error instanceof NotFoundError) {
        throw new InputError(
          `apiVersion ${apiVersion} is not served by cluster "${this.client.cluster.name}"; check the apiVersion or install its CRD first`,
        );
      }
      throw error;
    }
    const found = resources.resources.find(
      r => r.kind === kind && !r.name.includes('/'),
    );
    if (!found) {
      throw new InputError(
        `kind ${kind} is not part of ${apiVersion} on cluster "${this.client.cluster.name}"; check the kind's spelling and apiVersion`,
      );
    }
    return { base, plural: found.name, namespaced: found.namespaced };
  }

  /** Forgets what discovery said, e.g. after CRDs were applied. */
  reset(): void {
    this.groups.clear();
  }
}
