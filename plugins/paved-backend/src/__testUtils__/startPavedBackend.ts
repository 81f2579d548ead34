import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  BackendFeature,
  PermissionsService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubernetesClient } from '@paved/plugin-paved-node';
import { localClusterEnv } from '@paved/plugin-paved-node/testUtils';
import { pavedPlugin } from '../plugin';

/** A component owned by a group, with the kubernetes-id annotation when given. */
export function component(
  name: string,
  owner: string,
  kubernetesId?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(kubernetesId
        ? { annotations: { 'backstage.io/kubernetes-id': kubernetesId } }
        : {}),
    },
    spec: { type: 'service', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/** Config pointing Paved at the running local cluster and its Prometheus, impersonating the user. */
export function localClusterConfig() {
  const env = localClusterEnv();
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: env.PAVED_KUBE_API,
              caFile: env.PAVED_KUBE_CA,
              serviceAccountToken: env.PAVED_BACKSTAGE_READER_TOKEN,
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
          prometheusScrapeIntervalSeconds: 15,
          ...(env.PAVED_JAEGER_URL ? { jaegerUrl: env.PAVED_JAEGER_URL } : {}),
        },
      ],
      // tests read right after they change the cluster, so each read goes to the API server (the sharing
      // of reads between users has its unit tests, and yarn bench entity runs it against this cluster)
      sharedReads: { ttlMs: 0 },
    },
  };
}

/**
 * Starts a backend with the Paved plugin, a catalog holding `entities`, users belonging to the groups in
 * `teams` (as the catalog-backed userInfo service would say), and optionally a policy that denies all.
 */
export async function startPavedBackend(options: {
  entities: Entity[];
  teams: Record<string, string[]>;
  config?: object;
  deny?: boolean;
  /** The permissions service every plugin gets, e.g. {@link tierPolicyPermissions}; `deny` wins. */
  permissions?: PermissionsService;
  /** More features to start beside the plugin, e.g. a module of it. */
  features?: BackendFeature[];
}) {
  const { server } = await startTestBackend({
    features: [
      pavedPlugin,
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: options.config ?? localClusterConfig(),
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const user = credentials.principal.userEntityRef;
            return {
              userEntityRef: user,
              ownershipEntityRefs: [user, ...(options.teams[user] ?? [])],
            };
          },
        }),
      }),
      ...(options.deny
        ? [
            mockServices.permissions.mock({
              authorize: async r =>
                r.map(() => ({ result: AuthorizeResult.DENY })),
              authorizeConditional: async r =>
                r.map(() => ({ result: AuthorizeResult.DENY })),
            }).factory,
          ]
        : []),
      ...(options.permissions && !options.deny
        ? [
            createServiceFactory({
              service: coreServices.permissions,
              deps: {},
              factory: () => options.permissions!,
            }),
          ]
        : []),
    ],
  });
  return server;
}

/**
 * Creates a Deployment that Pod Security "restricted" admits, labelled `backstage.io/kubernetes-id: id`,
 * with one container `app` of image `registry.paved.local/<name>:1.0.0` (and `env`, when given).
 */
export async function createTestDeployment(
  admin: KubernetesClient,
  options: {
    namespace: string;
    name: string;
    id: string;
    replicas: number;
    requests?: Record<string, string>;
    /** The container's environment, e.g. a `secretKeyRef`. */
    env?: object[];
    /** The pod template's annotations, e.g. `paved.dev/simulate: manual` for a pod whose status a test sets. */
    podAnnotations?: Record<string, string>;
  },
) {
  const labels = {
    'app.kubernetes.io/name': options.name,
    'backstage.io/kubernetes-id': options.id,
  };
  await admin.request({
    method: 'POST',
    path: `/apis/apps/v1/namespaces/${options.namespace}/deployments`,
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: options.name, labels },
      spec: {
        replicas: options.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels,
            ...(options.podAnnotations && {
              annotations: options.podAnnotations,
            }),
          },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'app',
                image: `registry.paved.local/${options.name}:1.0.0`,
                ...(options.requests && {
                  resources: { requests: options.requests },
                }),
                ...(options.env && { env: options.env }),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    },
  });
}
