import {
  ClusterFanOut,
  ClusterRegistry,
  KubernetesClient,
  listEnvironments,
} from '@paved/plugin-paved-node';

/**
 * A cluster registry without clusters behind it, for unit tests of the entity views: `environments` maps
 * each cluster to the namespaces of its environments (`shop-dev` is environment `dev`). The test file must
 * mock `listEnvironments` of `@paved/plugin-paved-node` (`jest.mock`); this answers it from `environments`.
 * A client acting as the user is marked `asUser: true`.
 */
export function fakeClusters(
  environments: Record<string, string[]>,
): ClusterRegistry {
  const client = (name: string) =>
    ({
      cluster: { name },
      withIdentity: () => ({ cluster: { name }, asUser: true }),
    } as unknown as KubernetesClient);
  jest.mocked(listEnvironments).mockImplementation(
    async service =>
      (environments[service.cluster.name] ?? []).map(namespace => ({
        cluster: service.cluster.name,
        namespace,
        environment: namespace.replace(/^[^-]+-/, ''),
        team: 'group:default/shop',
      })) as any,
  );
  return {
    list: () => Object.keys(environments).map(name => ({ name })),
    client: async (name: string) => client(name),
    fanOut: ClusterFanOut.create(),
  } as unknown as ClusterRegistry;
}
