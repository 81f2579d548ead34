import { InputError, NotFoundError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { PAVED_FIELD_MANAGER } from '../apply/applyObjects';
import { KubernetesClient } from '../cluster/KubernetesClient';

/** Name of the GitRepository, Kustomization, ServiceAccount and RoleBinding Paved keeps in a GitOps environment. */
export const GITOPS_NAME = 'paved-gitops';

/** The ClusterRole the GitOps ServiceAccount holds in its environment: what a developer of the team may edit. */
export const GITOPS_ROLE = 'paved:developer';

/**
 * Where a GitOps environment's manifests come from: a path of a branch of a deploy repository.
 *
 * @public
 */
export interface GitOpsSource {
  /** The repository's clone URL over HTTP(S). */
  url: string;
  branch: string;
  /** The environment's overlay in the repository, e.g. `./environments/dev`. */
  path: string;
  /**
   * A Secret in the environment with `username` and `password` for the git host, when the repository is not
   * public.
   */
  secretName?: string;
  /**
   * Minutes between two polls of the repository. Paved asks for a reconcile right after it commits, so this is
   * only the backstop for a commit made elsewhere. Default 10.
   */
  intervalMinutes?: number;
}

/**
 * Whether Flux has applied an environment's newest commit.
 *
 * @public
 */
export interface GitOpsStatus {
  /**
   * `ready`: the applied commit is the fetched one and its workloads are healthy; `reconciling`: Flux is at it;
   * `failing`: the fetch or the apply failed (`reason`, `message` say why); `off`: the environment is not
   * delivered by GitOps.
   */
  state: 'ready' | 'reconciling' | 'failing' | 'off';
  /** The commit source-controller fetched last (a full SHA). */
  fetchedCommit?: string;
  /** The commit kustomize-controller applied last (a full SHA). */
  appliedCommit?: string;
  /** Flux's reason of a failure, e.g. `BuildFailed`, `HealthCheckFailed`, `GitOperationFailed`. */
  reason?: string;
  message?: string;
}

/**
 * Reasons of a failing Flux status that Flux retries by itself and that say nothing about the commit:
 * `ArtifactFailed`, kustomize-controller could not download the source artifact (source-controller replaced
 * it with a newer one while it was being fetched). Waiting for a commit rides over them.
 */
const FLUX_RETRIED_REASONS = new Set(['ArtifactFailed']);

/** Least time between two reconcile requests while a commit waits out a failure Flux retries. */
const RETRY_NUDGE_MS = 5000;

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

interface FluxObject {
  metadata: { generation?: number };
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    artifact?: { revision?: string };
    lastAppliedRevision?: string;
    lastAttemptedRevision?: string;
  };
}

const SOURCE_API = '/apis/source.toolkit.fluxcd.io/v1';
const KUSTOMIZE_API = '/apis/kustomize.toolkit.fluxcd.io/v1';

/** `main@sha1:0a1b…` (Flux's revision format) → `0a1b…`. */
export function commitOfRevision(revision?: string): string | undefined {
  if (!revision) return undefined;
  const match = /(?:^|@)(?:sha1|sha256):([0-9a-f]{7,64})$/.exec(revision);
  return match ? match[1] : undefined;
}

/**
 * Delivers environments by GitOps with Flux: in the environment's namespace, a GitRepository that fetches the
 * deploy repository and a Kustomization that applies the environment's path as the environment's own
 * `paved-gitops` ServiceAccount, which holds the team's developer rights there and nothing else (Flux's
 * kustomize-controller impersonates it; it has no rights of its own on workloads).
 *
 * @public
 */
export class FluxDelivery {
  constructor(private readonly client: KubernetesClient) {}

  /** Creates or updates the environment's ServiceAccount, RoleBinding, GitRepository and Kustomization. */
  async connect(namespace: string, source: GitOpsSource): Promise<void> {
    validateSource(source);
    const interval = `${source.intervalMinutes ?? 10}m`;
    await this.apply(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: GITOPS_NAME, namespace },
      automountServiceAccountToken: false,
    });
    await this.apply(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: GITOPS_NAME, namespace },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: GITOPS_ROLE,
        },
        subjects: [{ kind: 'ServiceAccount', name: GITOPS_NAME, namespace }],
      },
    );
    await this.apply(`${SOURCE_API}/namespaces/${namespace}/gitrepositories`, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: GITOPS_NAME, namespace },
      spec: {
        url: source.url,
        ref: { branch: source.branch },
        interval,
        timeout: '60s',
        ...(source.secretName
          ? { secretRef: { name: source.secretName } }
          : {}),
      },
    });
    await this.apply(
      `${KUSTOMIZE_API}/namespaces/${namespace}/kustomizations`,
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: GITOPS_NAME, namespace },
        spec: {
          sourceRef: { kind: 'GitRepository', name: GITOPS_NAME },
          path: source.path,
          interval,
          retryInterval: '30s',
          prune: true,
          // disconnecting leaves what runs: Flux's finalizer must not prune it on the way out
          deletionPolicy: 'Orphan',
          wait: true,
          timeout: '3m',
          targetNamespace: namespace,
          serviceAccountName: GITOPS_NAME,
        },
      },
    );
  }

  /**
   * Asks Flux to fetch and apply now rather than at its next poll (what `flux reconcile` does): the
   * `reconcile.fluxcd.io/requestedAt` annotation of the GitRepository, then of the Kustomization.
   */
  async requestReconcile(namespace: string, at = new Date()): Promise<void> {
    const body = {
      metadata: {
        annotations: { 'reconcile.fluxcd.io/requestedAt': at.toISOString() },
      },
    };
    for (const path of [
      `${SOURCE_API}/namespaces/${namespace}/gitrepositories/${GITOPS_NAME}`,
      `${KUSTOMIZE_API}/namespaces/${namespace}/kustomizations/${GITOPS_NAME}`,
    ]) {
      await this.client.request({
        method: 'PATCH',
        path,
        body,
        contentType: 'application/merge-patch+json',
        context: `asking Flux to reconcile ${namespace}`,
      });
    }
  }

  /**
   * Asks for a reconcile of every environment of this cluster delivered from `repository` (its clone URL's host
   * and path, `.git` optional, compared without case) and, when given, from `branch`: what a push to the deploy
   * repository triggers, so a commit is applied at once rather than at the next poll. Answers the namespaces.
   */
  async reconcileRepository(
    repository: string,
    branch?: string,
    at = new Date(),
  ): Promise<string[]> {
    const wanted = repositoryKey(repository);
    const list = await this.client.request<{
      items: Array<{
        metadata: { namespace: string };
        spec?: { url?: string; ref?: { branch?: string } };
      }>;
    }>({
      path: `${SOURCE_API}/gitrepositories`,
      query: { fieldSelector: `metadata.name=${GITOPS_NAME}` },
      context: `finding the environments delivered from ${repository}`,
    });
    const namespaces = list.items
      .filter(
        r =>
          r.spec?.url !== undefined &&
          repositoryKey(r.spec.url) === wanted &&
          (branch === undefined || r.spec.ref?.branch === branch),
      )
      .map(r => r.metadata.namespace)
      .sort();
    for (const namespace of namespaces) {
      await this.requestReconcile(namespace, at);
    }
    return namespaces;
  }

  /**
   * Where the environment is delivered from, or undefined when it is not delivered by GitOps (no GitRepository
   * and Kustomization of Paved's, or Flux is not installed on the cluster).
   */
  async source(namespace: string): Promise<GitOpsSource | undefined> {
    let objects: Array<FluxObject | undefined>;
    try {
      objects = await Promise.all([
        this.read(
          `${SOURCE_API}/namespaces/${namespace}/gitrepositories/${GITOPS_NAME}`,
        ),
        this.read(
          `${KUSTOMIZE_API}/namespaces/${namespace}/kustomizations/${GITOPS_NAME}`,
        ),
      ]);
    } catch (error) {
      if (isErrorNamed(error, 'NotFoundError')) return undefined;
      throw error;
    }
    const [repository, kustomization] = objects as Array<
      (FluxObject & { spec?: Record<string, any> }) | undefined
    >;
    const url = repository?.spec?.url;
    const branch = repository?.spec?.ref?.branch;
    const path = kustomization?.spec?.path;
    if (
      typeof url !== 'string' ||
      typeof branch !== 'string' ||
      typeof path !== 'string'
    ) {
      return undefined;
    }
    const secretName = repository?.spec?.secretRef?.name;
    return {
      url,
      branch,
      path,
      ...(typeof secretName === 'string' ? { secretName } : {}),
    };
  }

  /** Whether the environment's newest commit is applied, from the GitRepository's and Kustomization's status. */
  async status(namespace: string): Promise<GitOpsStatus> {
    const [source, kustomization] = await Promise.all([
      this.read(
        `${SOURCE_API}/namespaces/${namespace}/gitrepositories/${GITOPS_NAME}`,
      ),
      this.read(
        `${KUSTOMIZE_API}/namespaces/${namespace}/kustomizations/${GITOPS_NAME}`,
      ),
    ]);
    if (!source || !kustomization) return { state: 'off' };
    const fetchedCommit = commitOfRevision(source.status?.artifact?.revision);
    const appliedCommit = commitOfRevision(
      kustomization.status?.lastAppliedRevision,
    );
    const commits = {
      ...(fetchedCommit ? { fetchedCommit } : {}),
      ...(appliedCommit ? { appliedCommit } : {}),
    };
    const sourceReady = readyCondition(source);
    if (sourceReady?.status === 'False') {
      return { state: 'failing', ...commits, ...explain(sourceReady) };
    }
    const ready = readyCondition(kustomization);
    if (ready?.status === 'False') {
      return { state: 'failing', ...commits, ...explain(ready) };
    }
    const current =
      ready?.status === 'True' &&
      isObserved(kustomization) &&
      isObserved(source) &&
      fetchedCommit !== undefined &&
      appliedCommit === fetchedCommit;
    return { state: current ? 'ready' : 'reconciling', ...commits };
  }

  /**
   * Waits until Flux has applied `commit` to the environment and its workloads are healthy, reading the status
   * every `intervalMs`. A failure of that commit (its fetch, build or health check) is an Error with Flux's
   * reason and message; still not applied after `timeoutMs`, an Error saying where it stands. A failure Flux
   * retries by itself (`ArtifactFailed`: the source artifact could not be downloaded) is waited out, asking for
   * a reconcile at most every 5 s so the retry comes at once rather than after the `retryInterval`.
   */
  async waitForCommit(
    namespace: string,
    commit: string,
    options: {
      timeoutMs: number;
      intervalMs?: number;
      signal?: AbortSignal;
      onProgress?: (status: GitOpsStatus) => void;
    },
  ): Promise<GitOpsStatus> {
    const { timeoutMs, intervalMs = 1000, signal, onProgress } = options;
    const deadline = Date.now() + timeoutMs;
    let last: GitOpsStatus | undefined;
    let nextNudge = 0;
    for (;;) {
      const status = await this.status(namespace);
      if (status.state !== last?.state) onProgress?.(status);
      last = status;
      if (status.state === 'ready' && status.appliedCommit === commit) {
        return status;
      }
      const ours =
        status.fetchedCommit === commit ||
        status.appliedCommit === commit ||
        status.message?.includes(commit);
      const failing = status.state === 'failing' && ours;
      const retried = FLUX_RETRIED_REASONS.has(status.reason ?? '');
      if (failing && !retried) {
        throw new Error(
          `Flux could not apply commit ${commit.slice(
            0,
            12,
          )} to ${namespace}: ${status.reason ?? 'failed'}${
            status.message ? ` (${status.message})` : ''
          }`,
        );
      }
      if (failing && retried && Date.now() >= nextNudge) {
        nextNudge = Date.now() + RETRY_NUDGE_MS;
        await this.requestReconcile(namespace);
      }
      if (Date.now() + intervalMs > deadline || signal?.aborted) {
        throw new Error(
          `Flux had not applied commit ${commit.slice(
            0,
            12,
          )} to ${namespace} after ${Math.round(timeoutMs / 1000)} s (state ${
            status.state
          }, fetched ${
            status.fetchedCommit?.slice(0, 12) ?? 'nothing'
          }, applied ${status.appliedCommit?.slice(0, 12) ?? 'nothing'}${
            status.reason
              ? `, last ${status.reason}${
                  status.message ? `: ${status.message}` : ''
                }`
              : ''
          }); the commit is in the repository and Flux keeps trying`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  }

  /** Removes the environment's GitRepository and Kustomization (what they applied stays), and the RoleBinding. */
  async disconnect(namespace: string): Promise<void> {
    for (const path of [
      `${KUSTOMIZE_API}/namespaces/${namespace}/kustomizations/${GITOPS_NAME}`,
      `${SOURCE_API}/namespaces/${namespace}/gitrepositories/${GITOPS_NAME}`,
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings/${GITOPS_NAME}`,
      `/api/v1/namespaces/${namespace}/serviceaccounts/${GITOPS_NAME}`,
    ]) {
      await this.client
        .request({
          method: 'DELETE',
          path,
          context: `disconnecting ${namespace} from GitOps`,
        })
        .catch(error => {
          if (!isErrorNamed(error, 'NotFoundError')) throw error;
        });
    }
  }

  private async apply(collection: string, object: any) {
    await this.client.request({
      method: 'PATCH',
      path: `${collection}/${object.metadata.name}`,
      query: { fieldManager: PAVED_FIELD_MANAGER, force: true },
      body: object,
      contentType: 'application/apply-patch+yaml',
      context: `connecting ${object.metadata.namespace} to GitOps (${object.kind} ${object.metadata.name})`,
    });
  }

  private async read(path: string): Promise<FluxObject | undefined> {
    try {
      return await this.client.request<FluxObject>({ path });
    } catch (error) {
      if (!isErrorNamed(error, 'NotFoundError')) throw error;
      // the API server says so when the kind itself is unknown, rather than the object
      if (/could not find the requested resource/.test(String(error))) {
        throw new NotFoundError(
          `Flux's ${
            path.startsWith(SOURCE_API) ? 'GitRepository' : 'Kustomization'
          } kind is not installed on this cluster: install Flux's source-controller and kustomize-controller (the local cluster's tools/cluster/up.sh starts them)`,
        );
      }
      return undefined;
    }
  }
}

/** `https://Git.example.com/Team/Deploy.git` → `git.example.com/team/deploy`; not a URL → the text lowercased. */
function repositoryKey(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`
      .toLowerCase()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
  } catch {
    return url.toLowerCase();
  }
}

function readyCondition(object: FluxObject): Condition | undefined {
  return object.status?.conditions?.find(c => c.type === 'Ready');
}

function isObserved(object: FluxObject): boolean {
  return object.status?.observedGeneration === object.metadata.generation;
}

function explain(condition: Condition) {
  return {
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
  };
}

function validateSource(source: GitOpsSource) {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw new InputError(
      `GitOps source url "${source.url}" is not a URL: give the deploy repository's clone URL, e.g. https://git.example.com/team/deploy.git`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `GitOps source url must be http(s), not ${url.protocol}: give the deploy repository's HTTP clone URL`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      'GitOps source url must not carry credentials: put them in a Secret of the environment and name it in secretName',
    );
  }
  if (
    !/^\.\/[A-Za-z0-9._/-]*$/.test(source.path) ||
    source.path.includes('..')
  ) {
    throw new InputError(
      `GitOps source path "${source.path}" must be a path inside the repository starting with ./ and without .., e.g. ./environments/dev`,
    );
  }
  if (!/^[A-Za-z0-9._/-]+$/.test(source.branch)) {
    throw new InputError(
      `GitOps source branch "${source.branch}" is not a branch name, e.g. main`,
    );
  }
}
