import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { permissionRules as catalogRules } from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionRule,
  createConditionAuthorizer,
} from '@backstage/plugin-permission-node';
import { sharedCache } from '../entity/sharedCache';

const rulesByName = new Map<string, PermissionRule<Entity, any, string, any>>(
  Object.values(catalogRules).map(rule => [rule.name, rule]),
);

/** The catalog's own rules, applied to an entity Paved already holds; an unknown rule name throws. */
const applyCatalogConditions = createConditionAuthorizer<Entity>({
  getRuleByName(name: string) {
    const rule = rulesByName.get(name);
    if (!rule) throw new Error(`unknown catalog permission rule ${name}`);
    return rule;
  },
});

/** The decision for `entity` when it can be made here: undefined when only the catalog can apply it. */
function decideHere(
  decision: PolicyDecision,
  entity: Entity,
): boolean | undefined {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW;
  }
  if (
    decision.pluginId !== 'catalog' ||
    decision.resourceType !== RESOURCE_TYPE_CATALOG_ENTITY
  ) {
    return undefined;
  }
  try {
    return applyCatalogConditions(decision, entity);
  } catch {
    // a rule another module added to the catalog: the catalog applies it (below)
    return undefined;
  }
}

/**
 * Decides a user's resource permissions on a catalog entity the routes have already read with the user's
 * credentials, in one round trip to the permission policy: the policy's answer for the user
 * (`authorizeConditional`, the same for every entity) is applied to the entity here with the catalog's own
 * rules — what the catalog does for its own reads — instead of the permission backend fetching the entity
 * back from the catalog. Conditions naming a rule this package does not know, or another resource type,
 * are sent to the permission backend with the entity's ref as before.
 *
 * The policy's answers are reused for `cacheMs` per token (a token always names the same user); 0 asks
 * the policy on every call.
 */
export function createEntityDecider(options: {
  permissions: PermissionsService;
  cacheMs: number;
  now?: () => number;
}) {
  const { permissions } = options;
  const answers = sharedCache<PolicyDecision[]>(options.cacheMs, options.now);

  return async function decide(
    token: string | undefined,
    credentials: BackstageCredentials,
    entity: Entity,
    entityRef: string,
    wanted: ResourcePermission<'catalog-entity'>[],
  ): Promise<boolean[]> {
    const ask = () =>
      permissions.authorizeConditional(
        wanted.map(permission => ({ permission })),
        { credentials },
      );
    const decisions =
      token && options.cacheMs > 0
        ? await answers.get(
            `${token}\n${wanted.map(p => p.name).join('\n')}`,
            ask,
          )
        : await ask();
    const results = decisions.map(d => decideHere(d, entity));
    const open = wanted.filter((_, i) => results[i] === undefined);
    if (open.length === 0) return results as boolean[];
    const remote = await permissions.authorize(
      open.map(permission => ({ permission, resourceRef: entityRef })),
      { credentials },
    );
    let next = 0;
    return results.map(
      r => r ?? remote[next++].result === AuthorizeResult.ALLOW,
    );
  };
}

/** Decides resource permissions on an entity; see {@link createEntityDecider}. */
export type EntityDecider = ReturnType<typeof createEntityDecider>;
