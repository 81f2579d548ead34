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

  async getKubernetesObjectsByEntity(
    request: KubernetesObjectsByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    const readable = await this.scope.forEntity(
      request.entity,
      options.credentials,
    );
    if (!readable.all && readable.byCluster.size === 0) return { items: [] };
    return filterObjectsByNamespace(
      await this.inner.getKubernetesObjectsByEntity(request, options),
      readable,
    );
  }

  async getCustomResourcesByEntity(
    request: CustomResourcesByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    const readable = await this.scope.forEntity(
      request.entity,
      options.credentials,
    );
    if (!readable.all && readable.byCluster.size === 0) return { items: [] };
    return filterObjectsByNamespace(
      await this.inner.getCustomResourcesByEntity(request, options),
      readable,
    );
  }
}
