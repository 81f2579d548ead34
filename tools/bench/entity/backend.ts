import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { localClusterEnv } from '../../../plugins/paved-node/src/testUtils';
import { TEAM, USER, entity } from './scenario';

/**
 * The in-process backend the entity bench measures: Paved's backend and Backstage's Kubernetes backend, both
 * on the local cluster, with a mock catalog holding the component.
 */

/** Both plugins configured like app-config.yaml; `sharedReadsTtlMs` sets `paved.sharedReads.ttlMs` (default when undefined). */
function backendConfig(sharedReadsTtlMs?: number) {
  const env = localClusterEnv();
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: env.PAVED_KUBE_API,
              authProvider: 'serviceAccount',
              serviceAccountToken: env.PAVED_BACKSTAGE_READER_TOKEN,
              caFile: env.PAVED_KUBE_CA,
            },
          ],
        },
      ],
    },
    paved: {
      clusters: [
        {
          name: 'local',
          serviceAccountToken: env.PAVED_BACKSTAGE_TOKEN,
          impersonate: true,
          prometheusUrl: env.PAVED_PROMETHEUS_URL,
          jaegerUrl: env.PAVED_JAEGER_URL,
        },
      ],
      // the bench must not delete other people's expired environments on the shared cluster
      environments: { cleanup: { enabled: false } },
      ...(sharedReadsTtlMs === undefined
        ? {}
        : { sharedReads: { ttlMs: sharedReadsTtlMs } }),
    },
  };
}

/**
 * Starts the backend with both plugins (only Paved's with `pavedOnly`), the mock catalog, userInfo saying
 * {@link USER} is in {@link TEAM}, and the default mock permissions (allow everything). `sharedReadsTtlMs`
 * is Paved's `paved.sharedReads.ttlMs` (its default, 3000, when left out; 0 turns sharing off).
 */
export async function startBackend(
  options: { sharedReadsTtlMs?: number; pavedOnly?: boolean } = {},
) {
  const backend = await startTestBackend({
    features: [
      import('@paved/plugin-paved-backend'),
      ...(options.pavedOnly
        ? []
        : [import('@backstage/plugin-kubernetes-backend')]),
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({
        data: backendConfig(options.sharedReadsTtlMs),
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const user = credentials.principal.userEntityRef;
            return {
              userEntityRef: user,
              ownershipEntityRefs: user === USER ? [user, TEAM] : [user],
            };
          },
        }),
      }),
    ],
  });
  return backend;
}
