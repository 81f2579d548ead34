import { AuditorService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentService } from '@paved/plugin-paved-node';
import { withDefaults } from '../defaults';
import { clusterIdentityOf as initiatorIdentity } from '@paved/plugin-paved-node';
import { createEnvironmentExamples } from './create.examples';
import { teamLeadsOf } from './teamLeads';

/**
 * Creates the `kubernetes:environment:create` action.
 *
 * @public
 */
/** Defaults of the optional inputs. */
export const CREATE_DEFAULTS = {
  size: 'small',
  lifecycle: 'persistent',
} as const;

export function createEnvironmentCreateAction(options: {
  environments: EnvironmentService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  auditor?: AuditorService;
}) {
  const { environments, userInfo, catalog, auditor } = options;
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
      const credentials = await ctx.getInitiatorCredentials();
      const actor = await initiatorIdentity(userInfo, credentials);
      const team = input.team ?? onlyTeam(actor.groups);
      const teamLeads = await teamLeadsOf(catalog, team, credentials);
      const audit = await auditor?.createEvent({
        eventId: 'environment-create',
        severityLevel: 'medium',
        meta: {
          actor: actor.user,
          cluster: input.cluster,
          environment: input.name,
          team,
        },
      });
      try {
        const result = await ctx.checkpoint({
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
        await audit?.success({ meta: { namespace: result.namespace } });
        ctx.output('namespace', result.namespace);
      } catch (error) {
        await audit?.fail({ error: error as Error });
        throw error;
      }
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
