import { InputError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { KubernetesObject } from '../apply/types';
import { GitFileChange, GitPullRequest, GiteaClient } from '../git/GiteaClient';
import { Config } from '@backstage/config';
import {
  GitHost,
  GitPublishTarget,
  readGitPublishTarget,
} from '../git/settings';
import { GitOpsSource } from './FluxDelivery';
import {
  DeployTreeChange,
  componentFolders,
  layoutDeployTree,
} from './deployTree';

/**
 * A repository of the git host, as a GitOps environment's source names it.
 *
 * @public
 */
export interface DeployRepositoryRef {
  organization: string;
  name: string;
  branch: string;
  /** The environment's folder, e.g. `./environments/dev`. */
  path: string;
}

/**
 * What writing one component's objects to an environment's folder changed.
 *
 * @public
 */
export interface DeployRepositoryWrite {
  /** The commit made, or undefined when the repository already held exactly these objects. */
  commit?: string;
  /** The branch the commit is on. */
  branch: string;
  /** Paths written or deleted, sorted. */
  changed: string[];
}

/** The label whose value names a component's objects (and so its folders in a deploy repository). */
const COMPONENT_LABEL = 'backstage.io/kubernetes-id';

/** Git's id of a blob with this content, to tell an unchanged file from a changed one without reading it. */
function blobSha(content: string): string {
  const bytes = Buffer.from(content);
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/**
 * The component whose folders the objects go to: `component` when given, else the `backstage.io/kubernetes-id`
 * label every object carries. Objects without one common label and no `component` are an InputError naming
 * the field.
 *
 * @public
 */
export function deployComponentOf(
  objects: KubernetesObject[],
  component?: string,
): string {
  if (component) return component;
  const ids = new Set(objects.map(o => o.metadata.labels?.[COMPONENT_LABEL]));
  const [only] = [...ids];
  if (ids.size === 1 && only) return only;
  throw new InputError(
    `component: the objects do not share one ${COMPONENT_LABEL} label (found ${
      [...ids].map(id => id ?? 'none').join(', ') || 'none'
    }); give component, the deploy repository folder these objects belong to`,
  );
}

/**
 * Writes components' objects to the deploy repositories GitOps environments are delivered from, on the
 * configured git host (`paved.git.host`), as its `integrations.gitea` user: straight onto the environment's
 * branch, or onto a new branch with a pull request that a lead's approval merges. Each write is one commit
 * laid out by {@link layoutDeployTree} (a base per component, an overlay per environment); a file changed
 * by someone else since it was read makes the commit a conflict, retried once on the new head.
 *
 * @public
 */
export class DeployRepository {
  private readonly git?: GiteaClient;
  private readonly host?: GitHost;

  constructor(
    private readonly target: GitPublishTarget,
    options: { git?: GiteaClient; timeoutMs?: number } = {},
  ) {
    if (target.mode === 'git') {
      this.host = target.host;
      this.git = options.git ?? new GiteaClient(target.host, options);
    }
  }

  /** The deploy repositories of the git host `paved.git.host` names (none when it names none). */
  static fromConfig(
    config: Config,
    options: { timeoutMs?: number } = {},
  ): DeployRepository {
    return new DeployRepository(readGitPublishTarget(config), options);
  }

  /**
   * The repository of the git host a GitOps source fetches. A source on another host, or no git host
   * configured, is an InputError saying so, since Paved writes only to the host it has credentials for.
   */
  locate(source: GitOpsSource): DeployRepositoryRef {
    if (!this.host) {
      throw new InputError(
        `The environment is delivered by GitOps from ${
          source.url
        }, and Paved has no git host to write to (${
          this.target.mode === 'local' ? this.target.reason : 'none'
        }); nothing was applied. Configure paved.git.host and its integrations.gitea entry, or disconnect the environment from GitOps`,
      );
    }
    const base = new URL(`${this.host.baseUrl}/`);
    let url: URL;
    try {
      url = new URL(source.url);
    } catch {
      throw new InputError(`GitOps source url "${source.url}" is not a URL`);
    }
    const parts = url.pathname
      .slice(base.pathname.length)
      .replace(/\.git$/, '')
      .split('/')
      .filter(Boolean);
    if (
      url.host !== base.host ||
      !url.pathname.startsWith(base.pathname) ||
      parts.length !== 2
    ) {
      throw new InputError(
        `The environment is delivered from ${source.url}, which is not a repository of the git host ${this.host.baseUrl}; Paved writes only to that host (paved.git.host), so nothing was applied. Connect the environment to a repository there`,
      );
    }
    return {
      organization: parts[0],
      name: parts[1],
      branch: source.branch,
      path: source.path,
    };
  }

  /**
   * Makes the environment's branch take changes only from Paved's own user (its commits, and the pull requests
   * a lead's approval merges), as a branch delivering a protected environment must.
   */
  async protect(repository: DeployRepositoryRef): Promise<void> {
    await this.client().protectBranch(
      repository.organization,
      repository.name,
      repository.branch,
      this.host!.username,
    );
  }

  /** The head commit of the environment's branch. */
  async head(repository: DeployRepositoryRef): Promise<string | undefined> {
    return this.client().branchHead(
      repository.organization,
      repository.name,
      repository.branch,
    );
  }

  private client(): GiteaClient {
    if (!this.git) {
      throw new InputError(
        'Paved has no git host to write to (paved.git.host)',
      );
    }
    return this.git;
  }

  /** Writes the objects onto the environment's branch in one commit. */
  async commit(
    repository: DeployRepositoryRef,
    write: { component: string; objects: KubernetesObject[]; message: string },
  ): Promise<DeployRepositoryWrite> {
    return this.write(repository, write, repository.branch);
  }

  /**
   * Writes the objects onto `branch` (new, started from the environment's branch) and opens a pull request of
   * it into the environment's branch. Answers the pull request, or no pull request when the repository already
   * holds exactly these objects.
   */
  async propose(
    repository: DeployRepositoryRef,
    write: {
      component: string;
      objects: KubernetesObject[];
      message: string;
      branch: string;
      title: string;
      body: string;
    },
  ): Promise<DeployRepositoryWrite & { pullRequest?: GitPullRequest }> {
    const written = await this.write(repository, write, write.branch);
    if (!written.commit) return written;
    const pullRequest = await this.client().openPullRequest(
      repository.organization,
      repository.name,
      {
        head: write.branch,
        base: repository.branch,
        title: write.title,
        body: write.body,
      },
    );
    return { ...written, pullRequest };
  }

  /** Merges a pull request `propose` opened, when its head is still `headSha`. */
  async merge(
    repository: DeployRepositoryRef,
    pull: { number: number; headSha: string; title: string; message: string },
  ): Promise<void> {
    await this.client().mergePullRequest(
      repository.organization,
      repository.name,
      pull.number,
      pull,
    );
  }

  /** The pull request, or undefined when there is none of that number. */
  async pullRequest(
    repository: DeployRepositoryRef,
    number: number,
  ): Promise<GitPullRequest | undefined> {
    return this.client().getPullRequest(
      repository.organization,
      repository.name,
      number,
    );
  }

  private async write(
    repository: DeployRepositoryRef,
    write: { component: string; objects: KubernetesObject[]; message: string },
    branch: string,
  ): Promise<DeployRepositoryWrite> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(repository, write, branch);
      } catch (error) {
        if (attempt >= 2 || !isErrorNamed(error, 'ConflictError')) throw error;
      }
    }
  }

  private async writeOnce(
    repository: DeployRepositoryRef,
    write: { component: string; objects: KubernetesObject[]; message: string },
    branch: string,
  ): Promise<DeployRepositoryWrite> {
    const { organization, name } = repository;
    const ref = repository.branch;
    if (!(await this.client().branchHead(organization, name, ref))) {
      throw new InputError(
        `The deploy repository ${organization}/${name} has no branch ${ref}; create it with a first commit (a README will do)`,
      );
    }
    const folders = componentFolders(repository.path, write.component);
    const [baseEntries, overlayEntries, environmentEntries] = await Promise.all(
      [folders.base, folders.overlay, folders.environment].map(folder =>
        this.client().listFolder(organization, name, folder, ref),
      ),
    );
    const baseObjects: Record<string, KubernetesObject> = {};
    for (const entry of baseEntries) {
      if (entry.type !== 'file' || !/\.ya?ml$/.test(entry.path)) continue;
      if (/(^|\/)kustomization\.ya?ml$/.test(entry.path)) continue;
      const text = await this.client().readFile(
        organization,
        name,
        entry.path,
        ref,
      );
      if (text !== undefined) baseObjects[entry.path] = parse(text);
    }
    const environmentKustomizationPath = `${folders.environment}/kustomization.yaml`;
    const environmentKustomization = environmentEntries.some(
      e => e.path === environmentKustomizationPath,
    )
      ? await this.client().readFile(
          organization,
          name,
          environmentKustomizationPath,
          ref,
        )
      : undefined;
    const change = layoutDeployTree({
      component: write.component,
      environmentPath: repository.path,
      objects: write.objects,
      existing: {
        base: baseEntries.map(e => e.path),
        overlay: overlayEntries.filter(e => e.type === 'file').map(e => e.path),
        environmentKustomization,
        baseObjects,
      },
    });
    const files = fileChanges(change, [
      ...baseEntries,
      ...overlayEntries,
      ...environmentEntries,
    ]);
    if (files.length === 0) return { branch: ref, changed: [] };
    const commit = await this.client().changeFiles(organization, name, {
      branch: ref,
      ...(branch !== ref ? { newBranch: branch } : {}),
      message: write.message,
      files,
    });
    return { commit, branch, changed: files.map(f => f.path).sort() };
  }
}

/** The commit's files: what the layout writes that differs from the repository, and what it removes. */
function fileChanges(
  change: DeployTreeChange,
  entries: Array<{ path: string; sha: string; type: string }>,
): GitFileChange[] {
  const existing = new Map(
    entries.filter(e => e.type === 'file').map(e => [e.path, e.sha]),
  );
  const files: GitFileChange[] = [];
  for (const [path, content] of Object.entries(change.write)) {
    const sha = existing.get(path);
    if (sha === blobSha(content)) continue;
    files.push(
      sha
        ? { operation: 'update', path, content, sha }
        : { operation: 'create', path, content },
    );
  }
  for (const path of change.remove) {
    const sha = existing.get(path);
    if (sha) files.push({ operation: 'delete', path, sha });
  }
  return files;
}
