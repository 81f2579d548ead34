import { ConflictError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GiteaClient,
  repositoryContentsUrl,
  repositoryUrl,
} from '@paved/plugin-paved-node';
import { repositoryExamples } from './repository.examples';
import {
  GitActionDeps,
  ownRepository,
  repositoryInputs,
} from './repositoryInput';

/**
 * Creates the `paved:git:repository` action: decides, before anything is deployed, where a golden path's code
 * goes. With a git host configured (`paved.git.host`) it checks that the owner is one of the initiator's teams,
 * and that the team has an organisation on the host, and outputs `publish: true` with the repository's address,
 * and `exists: true` when the team's repository of that name is already there (the template runs again for the
 * same component: its code is kept, and the component is registered from it again); without a git host it
 * outputs `publish: false` and the reason, and the template registers the component from the local catalog
 * instead. Nothing is created.
 *
 * @public
 */
export function createGitRepositoryAction(deps: GitActionDeps) {
  return createTemplateAction({
    id: 'paved:git:repository',
    description:
      'Checks where a golden path publishes its code: the repository in the owning team’s organisation on the configured git host (exists: true when it is already there), or, without a git host, nowhere (publish: false).',
    examples: repositoryExamples,
    supportsDryRun: true,
    schema: {
      input: {
        ...repositoryInputs,
      },
      output: {
        publish: z =>
          z.boolean({
            description: 'Whether a git host is configured to publish to',
          }),
        exists: z =>
          z
            .boolean({
              description:
                'Whether the repository is already there (the template runs again for the same component): nothing is pushed to it',
            })
            .optional(),
        repositoryUrl: z =>
          z.string({ description: 'The repository’s web address' }).optional(),
        repoContentsUrl: z =>
          z
            .string({
              description:
                'The address of the main branch’s files, for catalog registration',
            })
            .optional(),
        reason: z =>
          z
            .string({ description: 'Why nothing is published, when it is not' })
            .optional(),
      },
    },
    async handler(ctx) {
      const { organization, name, target } = await ownRepository(
        deps,
        ctx.input,
        await ctx.getInitiatorCredentials(),
      );
      if (target.mode === 'local') {
        ctx.logger.info(
          `Not publishing: ${target.reason}. The code stays in the task's workspace and the component is registered from the local catalog.`,
        );
        ctx.output('publish', false);
        ctx.output('reason', target.reason);
        return;
      }
      const gitea = new GiteaClient(target.host);
      if (!(await gitea.hasOrganization(organization))) {
        throw new NotFoundError(
          `The git host ${target.host.baseUrl} has no organisation ${organization} for ${ctx.input.owner}; ask a platform admin to create it`,
        );
      }
      const existing = await gitea.getRepository(organization, name);
      const url = repositoryUrl(target.host, organization, name);
      if (existing?.empty) {
        throw new ConflictError(
          `The repository ${existing.url} exists but is empty (an earlier push did not finish); ask a platform admin to remove it, then run the template again`,
        );
      }
      if (existing) {
        ctx.logger.info(
          `${url} exists in your team's organisation: its code is kept as it is, and the component is registered from it again`,
        );
      } else {
        ctx.logger.info(`The code will be published to ${url}`);
      }
      ctx.output('publish', true);
      ctx.output('exists', Boolean(existing));
      ctx.output('repositoryUrl', url);
      ctx.output(
        'repoContentsUrl',
        repositoryContentsUrl(target.host, organization, name),
      );
    },
  });
}
