import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  PavedEnvironmentResource,
  RESOURCE_TYPE_PAVED_ENVIRONMENT,
} from '@paved/plugin-paved-common';
import { z } from 'zod';

/**
 * Filter form of the environment rules, for listing environments with conditions applied.
 *
 * @public
 */
export type PavedEnvironmentQuery =
  | { teams: string[] }
  | { protected: boolean };

/**
 * The permission resource ref of Paved environments (owned by the `paved` backend plugin).
 *
 * @public
 */
export const pavedEnvironmentResourceRef = createPermissionResourceRef<
  PavedEnvironmentResource,
  PavedEnvironmentQuery
>().with({
  pluginId: 'paved',
  resourceType: RESOURCE_TYPE_PAVED_ENVIRONMENT,
});

const isTeamEnvironment = createPermissionRule({
  name: 'IS_TEAM_ENVIRONMENT',
  description: 'The environment belongs to one of the given teams',
  resourceRef: pavedEnvironmentResourceRef,
  paramsSchema: z.object({
    teams: z.array(z.string()).describe('Group refs of the teams'),
  }),
  apply: (resource, { teams }) =>
    resource.team !== undefined && teams.includes(resource.team),
  toQuery: ({ teams }) => ({ teams }),
});

const isProtectedEnvironment = createPermissionRule({
  name: 'IS_PROTECTED_ENVIRONMENT',
  description:
    'The environment is production-class: developers need an approval to change it',
  resourceRef: pavedEnvironmentResourceRef,
  apply: resource => resource.protected,
  toQuery: () => ({ protected: true }),
});

/**
 * The permission rules of Paved environments.
 *
 * @public
 */
export const pavedEnvironmentPermissionRules = {
  isTeamEnvironment,
  isProtectedEnvironment,
};

const exported = createConditionExports({
  resourceRef: pavedEnvironmentResourceRef,
  rules: pavedEnvironmentPermissionRules,
});

/**
 * Conditions over environments for permission policies, e.g.
 * `pavedEnvironmentConditions.isTeamEnvironment({ teams })`.
 *
 * @public
 */
export const pavedEnvironmentConditions = exported.conditions;

/**
 * Builds a conditional decision for an environment permission.
 *
 * @public
 */
export const createPavedEnvironmentConditionalDecision =
  exported.createConditionalDecision;
