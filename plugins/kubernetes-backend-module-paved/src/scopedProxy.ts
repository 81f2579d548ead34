import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ClusterRegistry, clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import Router from 'express-promise-router';
import { NamespaceScope } from './NamespaceScope';
import { parseProxyRead, touchesSecrets } from './proxyPath';
import { mayRead } from './ReadableNamespaces';

/** The header the Kubernetes frontend names the target cluster with. */
const CLUSTER_HEADER = 'backstage-kubernetes-cluster';

/**
 * A router mounted in front of the Kubernetes plugin's `/proxy`. Nobody reaches Secrets through it. Platform
 * admins and backend services pass through to the plugin's own proxy. Everyone else gets reads only (GET), of allowed resources (no Secrets,
 * nothing cluster-wide), in the environments of their own teams, performed by Paved as that user
 * (impersonated, so the cluster's RBAC judges them too), with pod logs capped at `logBytes`
 * (`paved.limits.logs.readBytes`, as on Paved's own logs route).
 *
 * @public
 */
export function createScopedProxyRouter(deps: {
  scope: NamespaceScope;
  clusters: ClusterRegistry;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  /** Most bytes of a pod log served. */
  logBytes: number;
}): express.Router {
  const { scope, clusters, httpAuth, userInfo, logBytes } = deps;
  const router = Router();
  router.use('/proxy', async (req, res, next) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (touchesSecrets(req.path)) {
      throw new NotAllowedError(
        'kubernetes.proxy: Secrets are not served through the Kubernetes proxy, to anyone; see and set their keys ' +
          "on the Secrets card of the environment's Platform tab (values are write-only)",
      );
    }
    if (await scope.seesEverything(credentials)) {
      next();
      return;
    }
    if (req.method !== 'GET') {
      throw new NotAllowedError(
        `kubernetes.proxy: ${req.method} through the Kubernetes proxy is for platform admins; change your ` +
          `environments with Paved's templates and actions instead`,
      );
    }
    const cluster = req.header(CLUSTER_HEADER);
    if (!cluster) {
      throw new InputError(
        `the ${CLUSTER_HEADER} header must name the cluster to read from`,
      );
    }
    if (!clusters.list().some(c => c.name === cluster)) {
      throw new NotAllowedError(
        `kubernetes.proxy: cluster "${cluster}" is not one of Paved's clusters`,
      );
    }
    const read = parseProxyRead(req.path, req.query as Record<string, unknown>);
    const readable = await scope.ofCallersTeams(credentials);
    if (!mayRead(readable, cluster, read.namespace)) {
      throw new NotAllowedError(
        `kubernetes.proxy: namespace "${read.namespace}" on cluster "${cluster}" is not an environment of your ` +
          `teams`,
      );
    }
    const client = await clusters.client(
      cluster,
      await clusterIdentityOf(userInfo, credentials),
    );
    if (read.isLog) {
      const requested = Number(read.query.limitBytes);
      const limitBytes =
        Number.isFinite(requested) && requested > 0
          ? Math.min(requested, logBytes)
          : logBytes;
      const stream = await client.stream({
        path: read.path,
        query: { ...read.query, limitBytes },
        context: `reading ${read.path} on cluster "${cluster}"`,
      });
      res.type('text/plain');
      stream.pipe(res);
      return;
    }
    res.json(
      await client.request({
        path: read.path,
        query: read.query,
        context: `reading ${read.path} on cluster "${cluster}"`,
      }),
    );
  });
  return router;
}
