import { InputError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  encodeEntityRefLabel,
  environmentEntityName,
  isErrorNamed,
  parseAppSpec,
} from '@paved/plugin-paved-common';
import { createHash } from 'node:crypto';
import { ApplyEngine } from '../apply/ApplyEngine';
import { KubernetesObject } from '../apply/types';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { labelSelector } from '../cluster/labelSelector';
import { ClusterIdentity } from '../cluster/types';
import { CostPrices } from '../cost/prices';
import { EnvironmentService } from '../environments/EnvironmentService';
import {
  CLONED_KINDS,
  cloneObjects,
  ImageOverride,
  overriddenContainer,
} from '../environments/cloneObjects';
import { environmentNamespace } from '../environments/environmentObjects';
import { readNamespace } from '../environments/namespaces';
import { GiteaClient, GitPullRequest } from '../git/GiteaClient';
import { parseAppSpecDocument } from '../render/appSpecDocument';
import { appImage } from '../render/container';
import { RenderOptions, resolveRenderOptions } from '../render/types';
import { PreviewSettings, previewSize } from './settings';

/**
 * Which pull request a delivery is about.
 *
 * @public
 */
export interface PullRequestRef {
  organization: string;
  repository: string;
  number: number;
}

/**
 * What syncing a pull request's preview did: `created`, `updated` (a new image), `unchanged`, `deleted` (the
 * pull request was merged or closed), `refused` (over a cap, no app spec, nothing to clone: the pull request is
 * told why) or `none` (closed and no preview to remove).
 *
 * @public
 */
export interface PreviewOutcome {
  action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'refused' | 'none';
  cluster: string;
  namespace?: string;
  team: string;
  pullRequest?: string;
  image?: string;
  message: string;
}

/** The kinds whose pod templates run a component's image, as a clone lists them. */
const WORKLOAD_KINDS = CLONED_KINDS.filter(k =>
  ['Deployment', 'StatefulSet', 'CronJob'].includes(k.kind),
);

/**
 * A preview environment per pull request: on a delivery, reads the pull request from the git host (the delivery
 * only says which one changed) and brings its preview in line. An open pull request gets `<team>-pr-<n>`, a
 * clone of the team's source environment (`dev`) with the image its `paved.yaml` names at the head commit, and
 * a comment with the preview's address; a new head commit changes the image; a merged or closed one removes
 * the preview. Previews are ephemeral (the expiry cleanup is the backstop for a lost delivery), one replica per
 * workload, Secrets as placeholders, counted against a per-team cap and sized under a monthly cost cap.
 *
 * @public
 */
export class PullRequestPreviews {
  constructor(
    private readonly deps: {
      environments: EnvironmentService;
      clusters: ClusterRegistry;
      engine: ApplyEngine;
      git: GiteaClient;
      settings: PreviewSettings;
      /** Price tables per cluster, for the cost cap. */
      prices: Map<string, CostPrices>;
      /** The Backstage app's address, for the link in the comment. */
      appBaseUrl: string;
      /** The golden paths' render options (the registry of buildpack-built images); defaults otherwise. */
      renderOptions?: RenderOptions;
    },
  ) {}

  /** The cluster previews are made on. */
  get cluster(): string {
    const configured = this.deps.settings.cluster;
    if (configured) return configured;
    const [first] = this.deps.clusters.list();
    if (!first) throw new InputError('No clusters are configured');
    return first.name;
  }

  /**
   * Brings a pull request's preview in line with the pull request as the git host has it now, and tells the
   * pull request what was done (or why not).
   */
  async sync(
    ref: PullRequestRef,
    options: { log?: (line: string) => void; signal?: AbortSignal } = {},
  ): Promise<PreviewOutcome> {
    return this.syncOnce(ref, options, false);
  }

  /** One sync; `retried` on the second run after a create lost a race with another replica's. */
  private async syncOnce(
    ref: PullRequestRef,
    options: { log?: (line: string) => void; signal?: AbortSignal },
    retried: boolean,
  ): Promise<PreviewOutcome> {
    const log = options.log ?? (() => {});
    const team = `group:default/${ref.organization}`;
    const cluster = this.cluster;
    const base = { cluster, team };
    const pr = await this.deps.git.getPullRequest(
      ref.organization,
      ref.repository,
      ref.number,
    );
    const existing = pr && (await this.findPreview(cluster, team, pr));
    if (!pr || pr.state === 'closed') {
      if (!existing) {
        return {
          ...base,
          action: 'none',
          pullRequest: pr?.url,
          message: pr
            ? `No preview of ${describe(ref)} to remove`
            : `${describe(
                ref,
              )} is not a pull request on the git host; nothing to do`,
        };
      }
      await this.deps.environments.delete({
        cluster,
        namespace: existing,
        actor: this.actor(team),
        log,
        signal: options.signal,
      });
      const why = pr?.merged ? 'merged' : 'closed';
      const message = `Preview environment \`${existing}\` deleted: the pull request was ${why}.`;
      if (pr) await this.tell(ref, message);
      return {
        ...base,
        action: 'deleted',
        namespace: existing,
        pullRequest: pr?.url,
        message,
      };
    }
    const app = await this.appOf(ref, pr).catch(error => {
      if (isErrorNamed(error, 'InputError')) return error as Error;
      throw error;
    });
    if (app instanceof Error) {
      return this.refuse(ref, base, pr, app.message);
    }
    if (existing) {
      return this.update(ref, base, pr, existing, app, log);
    }
    try {
      return await this.create(ref, base, pr, app, {
        log,
        signal: options.signal,
      });
    } catch (error) {
      // another replica made this preview meanwhile (two deliveries at once): bring that one in line instead
      if (isErrorNamed(error, 'ConflictError') && !retried) {
        log(`The preview was made meanwhile: ${(error as Error).message}`);
        return this.syncOnce(ref, options, true);
      }
      throw error;
    }
  }

  /** Tells a pull request its preview could not be brought in line, and why. */
  tellFailure(ref: PullRequestRef, reason: string): Promise<void> {
    return this.tell(
      ref,
      `The preview environment could not be brought up to date: ${reason}`,
    );
  }

  private actor(team: string): ClusterIdentity {
    return { user: 'paved:pull-request-previews', groups: [team] };
  }

  /** The component and image the pull request's `paved.yaml` names at its head commit. */
  private async appOf(
    ref: PullRequestRef,
    pr: GitPullRequest,
  ): Promise<ImageOverride> {
    const text = await this.deps.git.readFile(
      ref.organization,
      ref.repository,
      'paved.yaml',
      pr.headSha,
    );
    if (text === undefined) {
      throw new InputError(
        `${ref.repository} has no paved.yaml at ${pr.headSha.slice(
          0,
          7,
        )}; previews run the image its app spec names`,
      );
    }
    const document = parseAppSpecDocument(text, 'paved.yaml');
    if (document.goldenPath === 'database') {
      throw new InputError(
        `${ref.repository} is a database; previews run the services of the web-service, worker and cron-job golden paths`,
      );
    }
    const spec = parseAppSpec(document.spec, document.goldenPath);
    return {
      component: spec.name,
      image: appImage(spec, resolveRenderOptions(this.deps.renderOptions)),
    };
  }

  /** The preview's namespace, when there is one for this pull request. */
  private async findPreview(
    cluster: string,
    team: string,
    pr: GitPullRequest,
  ): Promise<string | undefined> {
    const client = await this.deps.clusters.client(cluster);
    for (const name of candidateNames(team, pr)) {
      const namespace = await readNamespace(client, name);
      if (
        namespace?.metadata.annotations?.[PAVED_ANNOTATIONS.pullRequest] ===
        pr.url
      ) {
        return name;
      }
    }
    return undefined;
  }

  private async create(
    ref: PullRequestRef,
    base: { cluster: string; team: string },
    pr: GitPullRequest,
    app: ImageOverride,
    options: { log: (line: string) => void; signal?: AbortSignal },
  ): Promise<PreviewOutcome> {
    const { cluster, team } = base;
    const { settings, environments } = this.deps;
    const client = await this.deps.clusters.client(cluster);
    const previews = await client.request<{ items: KubernetesObject[] }>({
      path: '/api/v1/namespaces',
      query: {
        labelSelector: labelSelector({
          [PAVED_LABELS.team]: encodeEntityRefLabel(team),
          [PAVED_LABELS.pullRequest]: { exists: true },
        }),
      },
    });
    const open = previews.items.filter(
      n => !n.metadata.deletionTimestamp,
    ).length;
    if (open >= settings.maxPerTeam) {
      return this.refuse(
        ref,
        base,
        pr,
        `${team} already has ${open} preview environment(s), the most it may have at once (paved.git.previews.maxPerTeam: ${settings.maxPerTeam}); close a pull request with a preview first`,
      );
    }
    const sized = previewSize(environments.settings.sizes, {
      monthlyCostCap: settings.monthlyCostCap,
      prices: this.deps.prices.get(cluster),
      cluster,
    });
    if ('refused' in sized) {
      return this.refuse(ref, base, pr, `No preview: ${sized.refused}`);
    }
    const name = await this.freeName(cluster, team, pr);
    const source = environmentNamespace({
      name: settings.sourceEnvironment,
      team,
    });
    const actor = this.actor(team);
    const plan = await environments
      .planClone({
        cluster,
        source,
        target: {
          name,
          team,
          size: sized.size,
          lifecycle: 'ephemeral',
          ttlHours: settings.ttlHours,
          createdBy: actor.user,
          pullRequest: { number: pr.number, url: pr.url },
        },
        actor,
        replicas: 1,
        secretPolicy: 'placeholder',
        images: [app],
        log: options.log,
      })
      .catch(error => {
        if (isErrorNamed(error, 'NotFoundError')) return error as Error;
        throw error;
      });
    if (plan instanceof Error) {
      return this.refuse(ref, base, pr, plan.message);
    }
    if (!plan.objects.some(o => isWorkloadOf(o, app.component))) {
      return this.refuse(
        ref,
        base,
        pr,
        `${source} runs no workload of ${app.component} to preview; deploy ${app.component} to ${settings.sourceEnvironment} first`,
      );
    }
    const result = await environments.runClone(plan, {
      actor,
      wait: true,
      timeoutMs: settings.rolloutTimeoutMs,
      log: options.log,
      signal: options.signal,
      revisionSource: { kind: 'clone' },
    });
    const currency = this.deps.prices.get(cluster)?.currency;
    const message = this.runningMessage(
      cluster,
      result.namespace,
      app,
      pr,
      plan.objects,
      sized.monthlyCost === undefined
        ? undefined
        : `${sized.monthlyCost.toFixed(2)} ${currency}`,
    );
    await this.tell(ref, message);
    return {
      ...base,
      action: 'created',
      namespace: result.namespace,
      pullRequest: pr.url,
      image: app.image,
      message,
    };
  }

  private async update(
    ref: PullRequestRef,
    base: { cluster: string; team: string },
    pr: GitPullRequest,
    namespace: string,
    app: ImageOverride,
    log: (line: string) => void,
  ): Promise<PreviewOutcome> {
    const { cluster, team } = base;
    const actor = this.actor(team);
    const client = await this.deps.clusters.client(cluster, actor);
    const workloads = (
      await Promise.all(
        WORKLOAD_KINDS.map(async ({ apiVersion, kind, list }) => {
          const { items } = await client.request<{
            items: KubernetesObject[];
          }>({
            path: list.replace('{ns}', namespace),
            query: {
              labelSelector: labelSelector({
                [KUBERNETES_ID_ANNOTATION]: app.component,
              }),
            },
          });
          // list items carry no kind of their own
          return items.map(item => ({ ...item, apiVersion, kind }));
        }),
      )
    ).flat();
    const copies = cloneObjects(workloads, {
      targetNamespace: namespace,
      rewriteHost: h => h,
      secretPolicy: 'skip',
      sourceProtected: false,
      images: [app],
    });
    const changed = workloads.some(
      w => overriddenContainer(w, app.component)?.image !== app.image,
    );
    if (workloads.length === 0 || !changed) {
      return {
        ...base,
        action: 'unchanged',
        namespace,
        pullRequest: pr.url,
        image: app.image,
        message: `Preview ${namespace} already runs ${app.image}`,
      };
    }
    copies.notes.forEach(log);
    const plan = await this.deps.engine.plan({
      cluster,
      objects: copies.objects.map(object => ({
        object,
        source: `${ref.repository}#${pr.number}/${object.kind}/${object.metadata.name}`,
      })),
      defaultNamespace: namespace,
      identity: actor,
      secretReferences: 'report',
      impact: false,
    });
    await this.deps.engine.apply(plan, { identity: actor });
    await this.deps.engine.waitForRollout(plan, {
      identity: actor,
      timeoutMs: this.deps.settings.rolloutTimeoutMs,
      onProgress: log,
    });
    const message = `Preview environment \`${namespace}\` updated: it runs \`${
      app.image
    }\` from ${pr.headSha.slice(0, 7)}.`;
    await this.tell(ref, message);
    return {
      ...base,
      action: 'updated',
      namespace,
      pullRequest: pr.url,
      image: app.image,
      message,
    };
  }

  /** `pr-<n>`, or `pr-<n>-<hash of the repository>` when another repository's pull request has the first. */
  private async freeName(
    cluster: string,
    team: string,
    pr: GitPullRequest,
  ): Promise<string> {
    const client = await this.deps.clusters.client(cluster);
    const [plain, hashed] = candidateEnvironmentNames(pr);
    const taken = await readNamespace(
      client,
      environmentNamespace({ name: plain, team }),
    );
    return taken ? hashed : plain;
  }

  private runningMessage(
    cluster: string,
    namespace: string,
    app: ImageOverride,
    pr: GitPullRequest,
    objects: KubernetesObject[],
    /** What the preview's quota costs at most per month, with its currency. */
    monthlyCost: string | undefined,
  ): string {
    const page = `${this.deps.appBaseUrl.replace(
      /\/+$/,
      '',
    )}/catalog/default/resource/${environmentEntityName(cluster, namespace)}`;
    const hosts = objects
      .filter(o => o.kind === 'Ingress')
      .flatMap(
        o =>
          ((o.spec as { rules?: Array<{ host?: string }> })?.rules ?? [])
            .map(r => r.host)
            .filter(Boolean) as string[],
      );
    return [
      `Preview environment \`${namespace}\` is running \`${
        app.image
      }\` from ${pr.headSha.slice(0, 7)}: ${page}`,
      ...(hosts.length
        ? [`Address: ${hosts.map(h => `http://${h}`).join(', ')}`]
        : []),
      `It is removed when this pull request is merged or closed${
        monthlyCost === undefined
          ? ''
          : `; its quota costs at most ${monthlyCost} a month`
      }.`,
    ].join('\n\n');
  }

  private async refuse(
    ref: PullRequestRef,
    base: { cluster: string; team: string },
    pr: GitPullRequest,
    reason: string,
  ): Promise<PreviewOutcome> {
    const message = `No preview environment for this pull request: ${reason}`;
    await this.tell(ref, message);
    return { ...base, action: 'refused', pullRequest: pr.url, message };
  }

  private tell(ref: PullRequestRef, body: string): Promise<void> {
    return this.deps.git.comment(
      ref.organization,
      ref.repository,
      ref.number,
      body,
    );
  }
}

function describe(ref: PullRequestRef): string {
  return `${ref.organization}/${ref.repository}#${ref.number}`;
}

function isWorkloadOf(object: KubernetesObject, component: string): boolean {
  return (
    WORKLOAD_KINDS.some(k => k.kind === object.kind) &&
    object.metadata.labels?.[KUBERNETES_ID_ANNOTATION] === component
  );
}

/** The environment names a pull request's preview may have: `pr-<n>`, then one marked by its repository. */
function candidateEnvironmentNames(pr: GitPullRequest): [string, string] {
  const repository = pr.url.replace(/\/pulls\/\d+$/, '');
  const hash = createHash('sha256')
    .update(repository)
    .digest('hex')
    .slice(0, 6);
  return [`pr-${pr.number}`, `pr-${pr.number}-${hash}`];
}

function candidateNames(team: string, pr: GitPullRequest): string[] {
  return candidateEnvironmentNames(pr).map(name =>
    environmentNamespace({ name, team }),
  );
}
