import { pavedEnvironmentCreatePermission } from '@paved/plugin-paved-common';
import {
  requireEnvironmentPermission,
  teamLeadsOf,
} from '@paved/plugin-paved-node';
import { audited } from '../../paved/audited';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { withDefaults } from '../defaults';
import { createEnvironmentExamples } from './create.examples';
import { requireKubernetesNames } from '../../paved/requireNames';
import { clusterInput } from '../inputFields';
import { initiatorOf } from '../initiator';
import { EnvironmentActionOptions } from './options';
import { environmentSpecInputs, environmentSpecOf } from './specInputs';

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
export function createEnvironmentCreateAction(
  options: EnvironmentActionOptions & { catalog: CatalogService },
) {
  const { environments, catalog, permissions } = options;
  return createTemplateAction({
    id: 'kubernetes:environment:create',
    description:
      'Creates an environment: a namespace owned by a team with quota and limits from a size preset, network policies, role bindings per tier and Pod Security "restricted".',
    examples: createEnvironmentExamples,
    schema: {
      input: {
        cluster: clusterInput,
        ...environmentSpecInputs(
          {
            name: 'Environment name, e.g. staging or preview-142',
            team: 'Owning team (group ref); defaults to your team when you are in exactly one',
            size: 'Size preset: small, medium or large',
            ttlHours: 'Hours until an ephemeral environment is deleted',
          },
          CREATE_DEFAULTS,
        ),
      },
      output: {
        namespace: z =>
          z.string({ description: 'The namespace of the environment' }),
      },
    },
    async handler(ctx) {
      const input = withDefaults(ctx.input, CREATE_DEFAULTS);
      requireKubernetesNames([['name', input.name, 'label']]);
      const { credentials, actor } = await initiatorOf(ctx, options.userInfo);
      const team = input.team ?? onlyTeam(actor.groups);
      const teamLeads = await teamLeadsOf(catalog, team, credentials);
      const target = environments.prospective(input.cluster, {
        name: input.name,
        team,
      });
      const result = await audited(
        options,
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
                spec: environmentSpecOf(input, team, teamLeads),
                log: line => ctx.logger.info(line),
                signal: ctx.signal,
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
