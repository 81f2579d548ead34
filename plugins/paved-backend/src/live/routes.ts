import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  entityLiveChannel,
  liveRoutes,
  pavedEntityReadPermission,
} from '@paved/plugin-paved-common';
import { ClusterRegistry } from '@paved/plugin-paved-node';
import express from 'express';
import { entityScope } from '../entity/entityScope';
import { Access, bindRoute, ownerOnly } from '../http';
import { LiveUpdates } from './LiveUpdates';
import { readablePlaces } from './readablePlaces';

/** How long a registration waits for new watches to list their namespace's pods before answering. */
const WATCH_START_WAIT_MS = 3000;

/**
 * The live-update routes: `POST …/live` registers (or renews) the caller's interest in an entity they may
 * read (`paved.entity.read`, the permission of its platform details) for the environments where they may
 * read its pods; `POST …/live/leave` ends it. With live updates off (`paved.live.enabled: false`) the
 * answer lists no environment, and the page shows what it loaded.
 */
export function addLiveRoutes(
  router: express.Router,
  deps: {
    access: Access;
    httpAuth: HttpAuthService;
    clusters: ClusterRegistry;
    live?: LiveUpdates;
    ttlSeconds: number;
  },
): void {
  const { access, httpAuth, clusters, live } = deps;

  bindRoute(router, liveRoutes.subscribe, async req => {
    const { entity, identity } = await access.authorizedEntity(req, {
      permission: pavedEntityReadPermission,
      refusal: ownerOnly('platform details', pavedEntityReadPermission),
    });
    const { entityRef, teams, selector } = entityScope(entity);
    const answer = {
      channel: entityLiveChannel(entityRef),
      ttlSeconds: deps.ttlSeconds,
    };
    if (!live || !selector) return { ...answer, environments: [] };
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { places, unavailable } = await readablePlaces(clusters, {
      teams,
      selector,
      identity,
    });
    await live.subscribe({
      user: credentials.principal.userEntityRef,
      identity,
      entityRef,
      selector,
      places,
    });
    // once answered, every change is pushed: the watches have listed what is there now
    await live.whenWatching(places, WATCH_START_WAIT_MS);
    return {
      ...answer,
      environments: places,
      ...(unavailable.length > 0 ? { unavailableClusters: unavailable } : {}),
    };
  });

  bindRoute(router, liveRoutes.leave, async req => {
    // leaving needs no permission: it only ever removes the caller's own registration
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { namespace, kind, name } = req.params;
    const entityRef = stringifyEntityRef({ kind, namespace, name });
    return {
      left:
        live?.leave(credentials.principal.userEntityRef, entityRef) ?? false,
    };
  });
}
