import { NotAllowedError } from '@backstage/errors';
import {
  EntityPlatformPage,
  PavedRoute,
  PlatformPart,
  PlatformPartName,
  UnavailableCluster,
  entityRoutes,
  parseInput,
  platformQuery,
} from '@paved/plugin-paved-common';
import express from 'express';
import { Access, EntityRoutes, entityViews, ownerOnly } from '../http';
import { failedPart } from './partStatus';

/** The route each part of the page is its answer of (golden signals over their default range, 1h). */
const PART_ROUTES: Record<PlatformPartName, PavedRoute> = {
  diagnoses: entityRoutes.diagnoses,
  events: entityRoutes.events,
  currentMetrics: entityRoutes.currentMetrics,
  goldenSignals: entityRoutes.goldenSignals,
  health: entityRoutes.health,
};

/** The clusters missing from any answer, each named once (the first reason given for it). */
function unavailableIn(answers: unknown[]): UnavailableCluster[] {
  const byCluster = new Map<string, UnavailableCluster>();
  for (const answer of answers) {
    const missing =
      (answer as { unavailableClusters?: UnavailableCluster[] } | undefined)
        ?.unavailableClusters ?? [];
    for (const u of missing) {
      if (!byCluster.has(u.cluster)) byCluster.set(u.cluster, u);
    }
  }
  return [...byCluster.values()];
}

/**
 * Serves `GET /entities/:namespace/:kind/:name/platform?parts=…`: the Platform tab's first paint in one round
 * trip, the overview and the parts `parts` names (all when left out). Each part is the answer of its own entity route (as served on `routes`), computed in parallel, each
 * checked with its route's permission in one authorize call: the overview's refusal is this route's 403 (the
 * tab shows nothing without it), any other refused part is left out with its route's refusal, and a part
 * whose read fails is left out with its error while the others are answered. The parts read the clusters
 * through the entity views' shared reads, so lists several parts need are read once.
 */
export function addPlatformRoutes(
  router: express.Router,
  routes: EntityRoutes,
  access: Access,
) {
  router.get(entityRoutes.platform.path, async (req, res) => {
    const served = (route: PavedRoute) => {
      const registered = routes.registered(route);
      if (!registered) {
        throw new Error(
          `${route.path} is not served, so /platform cannot answer it`,
        );
      }
      return { route, ...registered, ...entityViews[registered.view] };
    };
    const { parts: wanted } = parseInput(platformQuery, req.query, 'query');
    const overview = served(entityRoutes.overview);
    const parts = wanted.map(name => ({
      name,
      ...served(PART_ROUTES[name]),
    }));
    const permissions = [
      ...new Map(
        [overview, ...parts].map(p => [p.permission.name, p.permission]),
      ).values(),
    ];
    const { entity, entityRef, identity, allowed } =
      await access.entityWithDecisions(req, permissions);
    const refusal = (p: { what: string; permission: { name: string } }) =>
      ownerOnly(p.what, p.permission)(entityRef, entity);
    if (!allowed.has(overview.permission.name)) {
      throw new NotAllowedError(refusal(overview));
    }
    const ask = (p: typeof overview) =>
      p.answer({
        req,
        res,
        entity,
        identity,
        query: p.route.query && parseInput(p.route.query, {}, 'query'),
        allows: extra => access.allows(req, entity, extra),
        servicesAllowed: (services, permission) =>
          access.servicesAllowed(req, services, permission),
      });
    const [overviewAnswer, ...partAnswers] = await Promise.all([
      ask(overview),
      ...parts.map(async (p): Promise<PlatformPart<unknown>> => {
        if (!allowed.has(p.permission.name)) {
          return {
            omitted: {
              reason: 'not-allowed',
              status: 403,
              name: 'NotAllowedError',
              message: refusal(p),
            },
          };
        }
        try {
          return { value: await ask(p) };
        } catch (error) {
          return { omitted: failedPart(error) };
        }
      }),
    ]);
    const page = {
      overview: overviewAnswer,
      ...Object.fromEntries(parts.map((p, i) => [p.name, partAnswers[i]])),
    } as EntityPlatformPage;
    const unavailable = unavailableIn([
      overviewAnswer,
      ...partAnswers.map(p => ('value' in p ? p.value : undefined)),
    ]);
    if (unavailable.length > 0) page.unavailableClusters = unavailable;
    res.json(page);
  });
}
