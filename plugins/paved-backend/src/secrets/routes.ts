import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { secretRoutes } from '@paved/plugin-paved-common';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { EntityRoutes, bindRoute } from '../http';
import { SecretChanges } from './SecretChanges';
import { SecretsViewService, noEnvironment } from './SecretsViewService';

/**
 * The secret routes: the Secrets card of an entity (`paved.entity.secrets.read` on it: a component's owners,
 * a group's members), one environment's keys for the
 * golden-path forms (members of its team and platform admins), setting values write-only, rotation schedules
 * and rotate-now. No route answers a value.
 */
export function addSecretRoutes(
  router: express.Router,
  entity: EntityRoutes,
  deps: {
    httpAuth: HttpAuthService;
    userInfo: UserInfoService;
    views: SecretsViewService;
    changes: SecretChanges;
  },
) {
  const { httpAuth, userInfo, views, changes } = deps;

  async function caller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return {
      credentials,
      identity: await clusterIdentityOf(userInfo, credentials),
    };
  }

  const place = (req: express.Request) => ({
    cluster: req.params.cluster,
    namespace: req.params.namespace,
    secretName: req.params.secret,
  });

  entity.json(
    secretRoutes.entitySecrets,
    'secrets',
    async ({ req, entity: target, identity }) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      return views.entitySecrets(target, identity, credentials);
    },
  );

  bindRoute(router, secretRoutes.environmentSecrets, async req => {
    const actor = await caller(req);
    const { cluster, namespace } = req.params;
    const env = await changes.environment(cluster, namespace);
    // only the team's members (who may change it or ask to) and platform admins see its keys
    if ((await views.access(env, actor.credentials)) === 'read') {
      throw noEnvironment(cluster, namespace);
    }
    const summary = await views.environmentSecrets(
      { ...env, environment: env.namespace },
      actor.identity,
      actor.credentials,
    );
    return summary;
  });

  bindRoute(router, secretRoutes.setValues, async (req, { body }) =>
    changes.setValues(await caller(req), place(req), body),
  );

  bindRoute(router, secretRoutes.setRotation, async (req, { body }) =>
    changes.setRotation(await caller(req), place(req), body),
  );

  bindRoute(router, secretRoutes.rotate, async req =>
    changes.rotate(await caller(req), place(req)),
  );
}
