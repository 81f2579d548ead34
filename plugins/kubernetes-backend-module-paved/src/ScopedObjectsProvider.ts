import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ObjectsByEntityResponse } from '@backstage/plugin-kubernetes-common';
import {
  CustomResourcesByEntity,
  KubernetesObjectsByEntity,
  KubernetesObjectsProvider,
} from '@backstage/plugin-kubernetes-node';
import { filterObjectsByNamespace } from './filterObjects';
import { NamespaceScope } from './NamespaceScope';

/**
 * Wraps the Kubernetes plugin's objects provider so that an entity's objects come back only from the
 * namespaces the caller may read (see {@link NamespaceScope}). Everything that reads objects for an entity
 * goes through it: the Kubernetes tab (`/services/:entity`), `/resources/workloads/query`,
 * `/resources/custom/query` and the plugin's actions.
 *
 * @public
 */
export class ScopedObjectsProvider implements KubernetesObjectsProvider {
  constructor(
    private readonly inner: KubernetesObjectsProvider,
    private readonly scope: NamespaceScope,
  ) {}

  getKubernetesObjectsByEntity(
    request: KubernetesObjectsByEntity,
    options: { credentials: BackstageCredentials },
  ) {
    return this.scoped('getKubernetesObjectsByEntity', request, options);
  }

  getCustomResourcesByEntity(
    request: CustomResourcesByEntity,
    options: { credentials: BackstageCredentials },
  ) {
    return this.scoped('getCustomResourcesByEntity', request, options);
  }

  /** Asks the wrapped provider's `method` only when something is readable, and filters its answer. */
  private async scoped<M extends keyof KubernetesObjectsProvider>(
    method: M,
    request: Parameters<KubernetesObjectsProvider[M]>[0],
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    const readable = await this.scope.forEntity(
      request.entity,
      options.credentials,
    );
    if (!readable.all && readable.byCluster.size === 0) return { items: [] };
    const load = this.inner[method].bind(this.inner) as (
      r: typeof request,
      o: { credentials: BackstageCredentials },
    ) => Promise<ObjectsByEntityResponse>;
    return filterObjectsByNamespace(await load(request, options), readable);
  }
}
