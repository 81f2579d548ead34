import { ConflictError } from '@backstage/errors';
import {
  ApplyPlan,
  ClusterIdentity,
  ClusterRegistry,
  DeployRepository,
  GitOpsTarget,
  deployComponentOf,
  findGitOpsTarget,
} from '@paved/plugin-paved-node';
import { randomBytes } from 'node:crypto';
import { z } from 'zod/v3';
import { ApprovalRequest } from '../ApprovalRequest';

/** The pull request a change to a GitOps environment waits in, as stored with the request. */
export const gitOpsPullRequestSchema = z.object({
  organization: z.string(),
  name: z.string(),
  /** The environment's branch, which the pull request merges into. */
  branch: z.string(),
  path: z.string(),
  number: z.number().int().positive(),
  /** The commit the requester's change is; a pull request whose head moved since is not merged. */
  headSha: z.string().regex(/^[0-9a-f]{40,64}$/),
  url: z.string(),
});

/** A GitOps change's pull request. */
export type GitOpsPullRequest = z.infer<typeof gitOpsPullRequestSchema>;

/** What a GitOps change needs: the clusters (to find the environment's delivery) and the deploy repository. */
export interface GitOpsDeps {
  clusters: ClusterRegistry;
  /** Where GitOps changes are written; without it, a GitOps environment's change is refused naming why. */
  deployRepository?: DeployRepository;
}

function repositoryOf(deps: Pick<GitOpsDeps, 'deployRepository'>) {
  return (
    deps.deployRepository ??
    new DeployRepository({
      mode: 'local',
      reason: 'the Paved backend has no deploy repository configured',
    })
  );
}

/**
 * Opens the pull request a change to a protected GitOps environment waits in: the checked objects written to
 * a new branch of the deploy repository (the environment's folder), proposed into the environment's branch.
 */
export async function openGitOpsPullRequest(
  deployRepository: DeployRepository | undefined,
  target: GitOpsTarget,
  change: { plan: ApplyPlan; requester: ClusterIdentity; summary: string },
): Promise<GitOpsPullRequest> {
  const { plan, requester } = change;
  const { cluster, namespace } = target;
  const repository = repositoryOf({ deployRepository });
  const ref = repository.locate(target.source);
  const component = deployComponentOf(plan.objects);
  const written = await repository.propose(ref, {
    component,
    objects: plan.objects,
    branch: `paved/${namespace}-${randomBytes(4).toString('hex')}`,
    message: `Deploy ${component} to ${namespace}\n\nRequested through Paved by ${requester.user}.`,
    title: `Deploy ${component} to ${namespace}`,
    body: `${change.summary}\n\nRequested through Paved by ${requester.user}. A team lead's approval in Paved merges this pull request; Flux then applies it to ${cluster}/${namespace}.`,
  });
  if (!written.pullRequest) {
    throw new ConflictError(
      `The deploy repository ${ref.organization}/${ref.name} already holds this change for ${namespace}; there is nothing to approve`,
    );
  }
  return {
    organization: ref.organization,
    name: ref.name,
    branch: ref.branch,
    path: ref.path,
    number: written.pullRequest.number,
    headSha: written.pullRequest.headSha,
    url: written.pullRequest.url,
  };
}

/**
 * What an approved GitOps change does: merges its pull request (only while it is open and its head is the
 * requested commit, so a pushed change is never merged unreviewed), asks Flux to reconcile at once and, when
 * the request asked to wait, waits for Flux to have applied the merge.
 */
export async function mergeGitOpsPullRequest(
  deps: GitOpsDeps,
  request: ApprovalRequest,
  pull: GitOpsPullRequest,
  approver: ClusterIdentity,
  options: { wait: boolean; timeoutSeconds: number },
): Promise<{ pullRequest: string; commit?: string }> {
  const repository = repositoryOf(deps);
  const ref = {
    organization: pull.organization,
    name: pull.name,
    branch: pull.branch,
    path: pull.path,
  };
  const current = await repository.pullRequest(ref, pull.number);
  if (!current || current.state !== 'open') {
    throw new ConflictError(
      `Pull request ${pull.url} is ${
        current?.merged ? 'merged' : 'closed'
      } already; nothing was merged by this approval. Ask for the change again if it is still wanted`,
    );
  }
  if (current.headSha !== pull.headSha) {
    throw new ConflictError(
      `Pull request ${
        pull.url
      } changed since it was requested (its head is ${current.headSha.slice(
        0,
        12,
      )}, not ${pull.headSha.slice(
        0,
        12,
      )}); nothing was merged. Ask for the change again`,
    );
  }
  await repository.merge(ref, {
    number: pull.number,
    headSha: pull.headSha,
    title: `Deploy to ${request.namespace}, approved by ${approver.user}`,
    message: `Approval request ${request.id}, asked by ${request.requestedBy}, approved in Paved by ${approver.user}.`,
  });
  const commit = await repository.head(ref);
  const target = await findGitOpsTarget(
    deps.clusters,
    request.cluster,
    request.namespace,
  );
  if (target) {
    await target.flux.requestReconcile(request.namespace);
    if (options.wait && commit) {
      await target.flux.waitForCommit(request.namespace, commit, {
        timeoutMs: options.timeoutSeconds * 1000,
      });
    }
  }
  return { pullRequest: pull.url, ...(commit ? { commit } : {}) };
}
