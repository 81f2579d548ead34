import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { pavedEnvironmentCreatePermission } from '@paved/plugin-paved-common';
import {
  requireEnvironmentPermission,
  EnvironmentService,
  teamLeadsOf,
  clusterIdentityOf as initiatorIdentity,
} from '@paved/plugin-paved-node';
import { audited } from '../../paved/audited';
import { PavedBackendClient } from '../../paved/PavedBackendClient';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { withDefaults } from '../defaults';
import { createEnvironmentExamples } from './create.examples';
import { requireKubernetesNames } from '../../paved/requireNames';

/** Defaults of the optional inputs. */
export const CREATE_DEFAULTS = {
  size: 'small',
  lifecycle: 'persistent',
} as const;

/**
 * Creates the `kubernetes:environment:create` action.
 *
 * @public
 */
export function createEnvironmentCreateAction(options: {
  environments: EnvironmentService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  auditor?: AuditorService;
  permissions: PermissionsService;
  paved?: PavedBackendClient;
}) {
  const { environments, userInfo, catalog, auditor, permissions, paved } =
    options;
  return createTemplateAction({
    id: 'kubernetes:environment:create',
    description:
      'Creates an environment: a namespace owned by a team with quota and limits from a size preset, network policies, role bindings per tier and Pod Security "restricted".',
    examples: createEnvironmentExamples,
    schema: {
      input: {
        cluster: z =>
          z.string({
            description: 'Cluster name from kubernetes.clusterLocatorMethods',
          }),
        name: z =>
          z.string({
            description: 'Environment name, e.g. staging or preview-142',
          }),
        team: z =>
          z
            .string({
              description:
                'Owning team (group ref); defaults to your team when you are in exactly one',
            })
            .optional(),
        size: z =>
          z
            .string({ description: 'Size preset: small, medium or large' })
            .default(CREATE_DEFAULTS.size),
        lifecycle: z =>
          z
            .enum(['persistent', 'ephemeral'])
            .default(CREATE_DEFAULTS.lifecycle),
        ttlHours: z =>
          z
            .number({
              description: 'Hours until an ephemeral environment is deleted',
            })
            .int()
            .positive()
            .optional(),
      },
      output: {
        namespace: z =>
          z.string({ description: 'The namespace of the environment' }),
      },
    },
    async handler(ctx) {
      const input = withDefaults(ctx.input, CREATE_DEFAULTS);
      requireKubernetesNames([['name', input.name, 'label']]);
      const credentials = await ctx.getInitiatorCredentials();
      const actor = await initiatorIdentity(userInfo, credentials);
      const team = input.team ?? onlyTeam(actor.groups);
      const teamLeads = await teamLeadsOf(catalog, team, credentials);
      const target = environments.prospective(input.cluster, {
        name: input.name,
        team,
      });
      const result = await audited(
        { auditor, paved },
        {
          eventId: 'environment-create',
          action: 'environment.create',
          actor: actor.user,
          cluster: input.cluster,
          namespace: target.namespace,
          target: `${input.name} of ${team}`,
          meta: { environment: input.name, team },
        },
        async () => {
          await requireEnvironmentPermission(
            permissions,
            credentials,
            pavedEnvironmentCreatePermission,
            target,
          );
          return ctx.checkpoint({
            key: `environment-create-${input.cluster}-${team}-${input.name}`,
            fn: async () =>
              environments.create({
                cluster: input.cluster,
                actor,
                spec: {
                  name: input.name,
                  team,
                  size: input.size,
                  lifecycle: input.lifecycle,
                  ttlHours: input.ttlHours,
                  teamLeads,
                },
                log: line => ctx.logger.info(line),
              }),
          });
        },
      );
      ctx.output('namespace', result.namespace);
    },
  });
}

/** The user's single team; asks for one when there are several or none. */
export function onlyTeam(groups: string[]): string {
  const teams = groups.filter(g => g.startsWith('group:'));
  if (teams.length === 1) return teams[0];
  throw new InputError(
    teams.length
      ? `team: you are in several teams (${teams.join(
          ', ',
        )}); say which one owns the environment`
      : 'team: you are in no team; ask to be added to one, or give the owning team',
  );
}
