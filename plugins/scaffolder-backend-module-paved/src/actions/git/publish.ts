import { InputError, toError } from '@backstage/errors';
import {
  createTemplateAction,
  getRepoSourceDirectory,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import { GIT_WEBHOOK_PATH } from '@paved/plugin-paved-common';
import {
  GiteaClient,
  readPreviewSettings,
  repositoryContentsUrl,
  repositoryUrl,
} from '@paved/plugin-paved-node';
import { publishExamples } from './publish.examples';
import {
  GitActionDeps,
  ownRepository,
  repositoryInputs,
  pushUrl,
} from './repositoryInput';

/**
 * Creates the `paved:git:publish` action: creates a private repository in the owning team's organisation on
 * the configured git host (`paved.git.host`) and pushes the workspace to its `main` branch, as the host's
 * integration user. The owner must be one of the initiator's teams (platform admins may publish for any
 * team), so a task cannot write into another team's organisation. When the push fails, the repository it
 * created is removed again, so a rerun starts clean. With pull request previews configured
 * (`paved.git.previews.webhookSecret`), the repository delivers its pull request events to the Paved backend.
 *
 * @public
 */
export function createGitPublishAction(deps: GitActionDeps) {
  return createTemplateAction({
    id: 'paved:git:publish',
    description:
      'Creates the repository in the owning team’s organisation on the configured git host and pushes the workspace to main.',
    examples: publishExamples,
    supportsDryRun: true,
    schema: {
      input: {
        ...repositoryInputs,
        description: z =>
          z
            .string({ description: 'The repository’s description' })
            .max(255)
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'Workspace folder to publish as the repository’s root; default: the whole workspace',
            })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'The repository’s web address' }),
        repoContentsUrl: z =>
          z.string({
            description:
              'The address of the main branch’s files, for catalog registration',
          }),
        commitHash: z =>
          z.string({ description: 'The pushed commit' }).optional(),
      },
    },
    async handler(ctx) {
      const { organization, name, target } = await ownRepository(
        deps,
        ctx.input,
        await ctx.getInitiatorCredentials(),
      );
      if (target.mode === 'local') {
        throw new InputError(
          `Cannot publish ${organization}/${name}: ${target.reason}. Run paved:git:repository first and publish only when it outputs publish: true`,
        );
      }
      const { host } = target;
      const remoteUrl = repositoryUrl(host, organization, name);
      const repoContentsUrl = repositoryContentsUrl(host, organization, name);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish the workspace to ${remoteUrl}`);
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('repoContentsUrl', repoContentsUrl);
        return;
      }

      const gitea = new GiteaClient(host);
      await gitea.createRepository(
        organization,
        name,
        ctx.input.description ?? '',
      );
      ctx.logger.info(`Created ${remoteUrl}`);
      let commitHash: string | undefined;
      try {
        const result = await initRepoAndPush({
          dir: getRepoSourceDirectory(ctx.workspacePath, ctx.input.sourcePath),
          remoteUrl: pushUrl(host, organization, name),
          auth: { username: host.username, password: host.password },
          defaultBranch: 'main',
          logger: ctx.logger,
          commitMessage: 'Initial commit from the golden path',
          gitAuthorInfo: {
            name:
              deps.config.getOptionalString('scaffolder.defaultAuthor.name') ??
              'Paved',
            email:
              deps.config.getOptionalString('scaffolder.defaultAuthor.email') ??
              'paved@localhost',
          },
        });
        commitHash = result?.commitHash;
        // the host records the push asynchronously; the catalog reads the repository next
        await gitea.waitUntilNotEmpty(organization, name, {
          signal: ctx.signal,
        });
      } catch (error) {
        // a repository without the code would make a rerun fail on "already exists": remove it
        await gitea.deleteRepository(organization, name).catch(cleanup => {
          ctx.logger.warn(
            `Could not remove ${remoteUrl} after the failed push: ${
              toError(cleanup).message
            }`,
          );
        });
        throw new Error(
          `Pushing the code to ${remoteUrl} failed, and the repository was removed again: ${
            toError(error).message
          }`,
        );
      }
      ctx.logger.info(`Pushed the code to ${remoteUrl} (main, ${commitHash})`);
      // pull requests get a preview environment when previews are configured
      const previews = readPreviewSettings(deps.config);
      const url =
        previews.webhookUrl ??
        (deps.discovery &&
          `${await deps.discovery.getExternalBaseUrl(
            'paved',
          )}${GIT_WEBHOOK_PATH}`);
      if (previews.webhookSecret && url) {
        await gitea.ensurePullRequestWebhook(organization, name, {
          url,
          secret: previews.webhookSecret,
        });
        ctx.logger.info(
          `Pull requests of ${remoteUrl} get a preview environment (webhook to ${url})`,
        );
      }
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', repoContentsUrl);
      if (commitHash) ctx.output('commitHash', commitHash);
    },
  });
}
