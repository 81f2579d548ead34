import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { permissionRules as catalogRules } from '@backstage/plugin-catalog-backend/alpha';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PavedTierPolicy,
  TeamDirectory,
} from '@paved/plugin-permission-backend-module-paved';

/**
 * The permissions service as the permission backend answers it with Paved's real tier policy, for users
 * whose groups are `teams` and teams whose leads are `leads` (the groups' `paved.dev/team-leads`).
 * Conditional answers on catalog entities are resolved as the catalog would, with its own rules
 * (`IS_ENTITY_OWNER`, …) against `entities`; other conditional answers for `authorize` are refused: the routes
 * that use this ask those through `authorizeConditional`.
 */
export function tierPolicyPermissions(options: {
  teams: Record<string, string[]>;
  leads: Record<string, string[]>;
  platformAdminGroups?: string[];
  /** The catalog entities that `resourceRef`s of catalog-entity permissions name. */
  entities?: Entity[];
}): PermissionsService {
  const byRef = new Map(
    (options.entities ?? []).map(e => [stringifyEntityRef(e), e]),
  );
  const catalogAuthorizer = createConditionAuthorizer(
    Object.values(catalogRules),
  );
  const infoOf = (credentials: BackstageCredentials) => {
    const user = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: user,
      ownershipEntityRefs: [user, ...(options.teams[user] ?? [])],
    };
  };
  const userInfo: UserInfoService = {
    getUserInfo: async credentials => infoOf(credentials),
  };
  const groups = [
    ...new Set([
      ...Object.values(options.teams).flat(),
      ...Object.keys(options.leads),
    ]),
  ];
  const catalog = catalogServiceMock({
    entities: groups.map(
      (group): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: group.split('/')[1],
          namespace: 'default',
          annotations: options.leads[group]
            ? { 'paved.dev/team-leads': options.leads[group].join(',') }
            : {},
        },
        spec: { type: 'team', children: [] },
      }),
    ),
  });
  const policy = new PavedTierPolicy({
    userInfo,
    teams: new TeamDirectory(catalog, mockServices.auth()),
    platformAdminGroups: options.platformAdminGroups ?? [],
  });
  const decide = (permission: any, credentials: BackstageCredentials) =>
    policy.handle({ permission }, { credentials, info: infoOf(credentials) });
  return {
    async authorize(requests: any[], { credentials }: any) {
      return Promise.all(
        requests.map(async r => {
          const decision = await decide(r.permission, credentials);
          if (
            decision.result === AuthorizeResult.CONDITIONAL &&
            decision.resourceType === 'catalog-entity' &&
            r.resourceRef
          ) {
            const entity = byRef.get(r.resourceRef);
            return {
              result:
                entity && catalogAuthorizer(decision, entity)
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }
          if (decision.result === AuthorizeResult.CONDITIONAL) {
            throw new Error(
              `tierPolicyPermissions answers ${r.permission.name} only through authorizeConditional`,
            );
          }
          return decision;
        }),
      );
    },
    async authorizeConditional(requests: any[], { credentials }: any) {
      return Promise.all(requests.map(r => decide(r.permission, credentials)));
    },
  } as unknown as PermissionsService;
}
