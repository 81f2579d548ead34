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
    return this.scoped(request, options.credentials, () =>
      this.inner.getKubernetesObjectsByEntity(request, options),
    );
  }

  async getCustomResourcesByEntity(
    request: CustomResourcesByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    return this.scoped(request, options.credentials, () =>
      this.inner.getCustomResourcesByEntity(request, options),
    );
  }

  /** Asks the wrapped provider only when something is readable, and filters its answer. */
  private async scoped(
    request: KubernetesObjectsByEntity,
    credentials: BackstageCredentials,
    load: () => Promise<ObjectsByEntityResponse>,
  ): Promise<ObjectsByEntityResponse> {
    const readable = await this.scope.forEntity(request.entity, credentials);
    if (!readable.all && readable.byCluster.size === 0) return { items: [] };
    return filterObjectsByNamespace(await load(), readable);
  }
}
