import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pavedEnvironmentDeletePermission } from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  DeployRepository,
  FluxDelivery,
  gitOrganizationOf,
  loadEnvironmentResource,
  requireEnvironmentPermission,
} from '@paved/plugin-paved-node';
import { audited } from '../../paved/audited';
import { requireKubernetesNames } from '../../paved/requireNames';
import { clusterInput } from '../inputFields';
import { initiatorOf } from '../initiator';
import { gitOpsEnvironmentExamples } from './gitops.examples';
import { EnvironmentActionOptions } from './options';

/** The clone URL of `organization/name` on the git host, or `repository` itself when it is a URL. */
function repositoryUrl(repository: string, baseUrl: string): string {
  if (/^https?:\/\//.test(repository)) return repository;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new InputError(
      `repository: "${repository}" is neither organisation/name nor a clone URL, e.g. team-checkout/deploy`,
    );
  }
  return `${baseUrl}/${repository.replace(/\.git$/, '')}.git`;
}

/**
 * Creates the `kubernetes:environment:gitops` action: delivers an environment by GitOps from a folder of a
 * deploy repository of its team (Flux fetches and applies it as the environment's `paved-gitops` identity, and
 * Paved's applies to it become commits), or, with `connect: false`, goes back to applying it directly. Only
 * who may delete the environment may change how it is delivered: from then on, the repository's branch decides
 * what runs there.
 *
 * @public
 */
export function createEnvironmentGitOpsAction(
  options: Pick<
    EnvironmentActionOptions,
    'userInfo' | 'permissions' | 'auditor' | 'paved'
  > & {
    clusters: ClusterRegistry;
    deployRepository: DeployRepository;
    /** The git host's web address, for `organisation/name` repositories. */
    gitBaseUrl?: string;
  },
) {
  return createTemplateAction({
    id: 'kubernetes:environment:gitops',
    description:
      'Delivers an environment by GitOps from a folder of its team’s deploy repository on the git host (Flux applies each commit as the team’s developer rights allow; Paved’s applies become commits, pull requests for protected environments), or applies it directly again.',
    examples: gitOpsEnvironmentExamples,
    schema: {
      input: {
        cluster: clusterInput,
        namespace: z =>
          z.string({ description: 'Namespace of the environment' }),
        connect: z =>
          z
            .boolean({
              description:
                'true: deliver by GitOps; false: stop (what runs stays) and apply directly again',
            })
            .default(true),
        repository: z =>
          z
            .string({
              description:
                'The deploy repository: organisation/name on the git host (the team’s organisation), or its clone URL',
            })
            .optional(),
        branch: z =>
          z.string({ description: 'Branch Flux delivers' }).default('main'),
        path: z =>
          z
            .string({
              description:
                'The environment’s folder in the repository (default ./environments/<namespace>)',
            })
            .optional(),
        secretName: z =>
          z
            .string({
              description:
                'A Secret of the environment with username and password (a read token) for the repository, e.g. set on the Secrets card',
            })
            .optional(),
      },
      output: {
        repository: z => z.string().optional(),
        path: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const { cluster, namespace } = ctx.input;
      const connect = ctx.input.connect ?? true;
      // a form's empty field arrives as ''
      const repository = ctx.input.repository || undefined;
      const secretName = ctx.input.secretName || undefined;
      const branch = ctx.input.branch || 'main';
      requireKubernetesNames([
        ['namespace', namespace, 'label'],
        ['secretName', secretName, 'subdomain'],
      ]);
      const { credentials, actor } = await initiatorOf(ctx, options.userInfo);
      const env = await loadEnvironmentResource(
        options.clusters,
        cluster,
        namespace,
      );
      if (!env) {
        throw new InputError(
          `namespace: ${cluster}/${namespace} is not an environment Paved manages; create it first`,
        );
      }
      await requireEnvironmentPermission(
        options.permissions,
        credentials,
        pavedEnvironmentDeletePermission,
        env,
      );
      const flux = new FluxDelivery(await options.clusters.client(cluster));
      if (!connect) {
        await audited(
          options,
          {
            eventId: 'environment-gitops',
            action: 'environment.gitops-disconnect',
            actor: actor.user,
            cluster,
            namespace,
          },
          () => flux.disconnect(namespace),
        );
        ctx.logger.info(
          `${namespace} is applied directly again; what Flux applied keeps running`,
        );
        return;
      }
      if (!repository) {
        throw new InputError(
          'repository: give the deploy repository (organisation/name on the git host) to deliver from',
        );
      }
      const source = {
        url: repositoryUrl(repository, options.gitBaseUrl ?? ''),
        branch,
        path: ctx.input.path || `./environments/${namespace}`,
        ...(secretName ? { secretName } : {}),
      };
      const ref = options.deployRepository.locate(source);
      const organization = env.team ? gitOrganizationOf(env.team) : undefined;
      if (ref.organization.toLowerCase() !== organization?.toLowerCase()) {
        throw new InputError(
          `repository: ${ref.organization}/${ref.name} is not a repository of ${
            env.team ?? 'no team'
          }, which owns ${namespace}; deliver it from a repository of the organisation ${
            organization ?? '(none)'
          }`,
        );
      }
      if (!(await options.deployRepository.head(ref))) {
        throw new InputError(
          `repository: ${ref.organization}/${ref.name} has no branch ${ref.branch} on the git host (or does not exist); create it with a first commit`,
        );
      }
      await audited(
        options,
        {
          eventId: 'environment-gitops',
          action: 'environment.gitops-connect',
          actor: actor.user,
          cluster,
          namespace,
          target: `${ref.organization}/${ref.name} ${ref.branch}:${ref.path}`,
        },
        async () => {
          // a protected environment's changes wait for a lead: its branch takes commits from Paved alone
          if (env.protected) await options.deployRepository.protect(ref);
          await flux.connect(namespace, source);
          await flux.requestReconcile(namespace);
        },
      );
      ctx.logger.info(
        `${namespace} is delivered from ${ref.organization}/${ref.name} (${ref.branch}, ${ref.path}); Paved's applies to it are commits there from now on`,
      );
      if (env.protected) {
        ctx.logger.info(
          `${namespace} is protected: branch ${ref.branch} of ${ref.organization}/${ref.name} now takes changes only through Paved (pull requests a team lead approves)`,
        );
      }
      ctx.output('repository', `${ref.organization}/${ref.name}`);
      ctx.output('path', ref.path);
    },
  });
}
