import { InputError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { PavedCluster } from '../cluster/types';

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

interface Cached {
  list: Promise<ApiResourceList>;
  at: number;
}

/** How long discovery answers are reused before they are asked again. */
const DISCOVERY_TTL_MS = 5 * 60_000;

/** Discovery answers per cluster, shared by every client of that cluster whatever identity it acts as. */
const discovery = new WeakMap<PavedCluster, Map<string, Cached>>();

/**
 * Maps apiVersion + kind to the resource path through the API server's discovery. Answers are cached per
 * cluster for a few minutes; a kind that is not found is looked up afresh once before it is reported, so
 * a CRD installed a moment ago is found.
 *
 * @public
 */
export class ResourceMapper {
  private readonly groups: Map<string, Cached>;

  constructor(private readonly client: KubernetesClient) {
    let groups = discovery.get(client.cluster);
    if (!groups) {
      groups = new Map();
      discovery.set(client.cluster, groups);
    }
    this.groups = groups;
  }

  /** The API path of a kind, or an InputError naming the kind the cluster does not know. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const base = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const first = await this.lookup(base, apiVersion, false);
    const found =
      find(first, kind) ??
      find(await this.lookup(base, apiVersion, true), kind);
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

  private async lookup(
    base: string,
    apiVersion: string,
    fresh: boolean,
  ): Promise<ApiResourceList> {
    let cached = this.groups.get(base);
    if (!cached || fresh || Date.now() - cached.at > DISCOVERY_TTL_MS) {
      cached = {
        list: this.client.request<ApiResourceList>({
          path: base,
          context: `looking up ${apiVersion} on cluster "${this.client.cluster.name}"`,
        }),
        at: Date.now(),
      };
      this.groups.set(base, cached);
    }
    try {
      return await cached.list;
    } catch (error) {
      this.groups.delete(base);
      if (isErrorNamed(error, 'NotFoundError')) {
        throw new InputError(
          `apiVersion ${apiVersion} is not served by cluster "${this.client.cluster.name}"; check the apiVersion or install its CRD first`,
        );
      }
      throw error;
    }
  }
}

function find(list: ApiResourceList, kind: string) {
  return list.resources.find(r => r.kind === kind && !r.name.includes('/'));
}
