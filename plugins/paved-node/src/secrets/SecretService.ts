import { NotFoundError } from '@backstage/errors';
import {
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { ClusterIdentity } from '../cluster/types';
import { generateValue } from './generateValue';
import { SecretInventoryEntry, readSecretInventory } from './inventory';
import { restartSecretReaders } from './restartReaders';
import { SecretRotationSchedule, nextRotation } from './secretMetadata';
import { writeSecretKeys } from './writeSecretKeys';

/**
 * Where an environment's secret values live: plain Kubernetes Secrets, or a secret manager that External
 * Secrets syncs into the namespace.
 *
 * @public
 */
export type SecretStoreKind = 'kubernetes' | 'vault';

/**
 * A write of keys into the secret manager for one environment's Secret.
 *
 * @public
 */
export interface SecretManagerWrite {
  cluster: string;
  namespace: string;
  /** The owning team's label value (`group.default.team-checkout`): the manager's path and policy. */
  team: string;
  secretName: string;
  values: Record<string, string>;
  by: string;
  at: Date;
  /** Bookkeeping to carry onto the synced Secret (`null` removes one). */
  annotations?: Record<string, string | null>;
  labels?: Record<string, string | null>;
  /** The user making the change (their `ExternalSecret` write is theirs); Paved's own identity when absent. */
  actor?: ClusterIdentity;
}

/**
 * The secret manager behind `vault` environments: writes values to the team's path and makes the namespace
 * sync them.
 *
 * @public
 */
export interface SecretManager {
  writeKeys(write: SecretManagerWrite): Promise<void>;
}

/**
 * What a rotation did.
 *
 * @public
 */
export interface SecretRotationOutcome {
  keys: string[];
  restarted: string[];
  rotatedAt: string;
}

/**
 * Secrets of environments, write-only: key names and bookkeeping to read (Paved's own identity, values dropped
 * on arrival), values to set as the user (Kubernetes RBAC applies) or through the secret manager, rotation
 * schedules and rotations with a rolling restart of the readers.
 *
 * @public
 */
export class SecretService {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      manager?: SecretManager;
    },
  ) {}

  /** Whether a secret manager is configured. */
  get hasManager(): boolean {
    return !!this.deps.manager;
  }

  /** The key names and bookkeeping of an environment's Secrets. */
  async inventory(
    cluster: string,
    namespace: string,
  ): Promise<SecretInventoryEntry[]> {
    return readSecretInventory(
      await this.deps.clusters.client(cluster),
      namespace,
    );
  }

  /** Where the environment's values live, from its namespace's `paved.dev/secret-store` label. */
  async storeOf(cluster: string, namespace: string): Promise<SecretStoreKind> {
    const service = await this.deps.clusters.client(cluster);
    const ns = await service.request<{
      metadata?: { labels?: Record<string, string> };
    }>({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}` });
    return ns.metadata?.labels?.[PAVED_LABELS.secretStore] === 'vault'
      ? 'vault'
      : 'kubernetes';
  }

  /**
   * Sets or replaces keys of one Secret: in Kubernetes as `actor` (their RBAC applies), or in the secret
   * manager at the team's path. Nothing is kept or returned but the key names.
   */
  async setValues(request: {
    cluster: string;
    namespace: string;
    team: string;
    secretName: string;
    values: Record<string, string>;
    actor: ClusterIdentity;
    store?: SecretStoreKind;
  }): Promise<{ keys: string[]; store: SecretStoreKind }> {
    const { cluster, namespace, values, actor } = request;
    const store = request.store ?? (await this.storeOf(cluster, namespace));
    await this.write(store, {
      ...request,
      by: actor.user,
      at: new Date(),
    });
    return { keys: Object.keys(values).sort(), store };
  }

  /** Writes keys where the environment keeps them: the secret manager, or a Kubernetes Secret as `actor`. */
  private async write(
    store: SecretStoreKind,
    write: Omit<SecretManagerWrite, 'annotations' | 'labels'> & {
      annotations?: Record<string, string>;
      labels?: Record<string, string>;
    },
  ) {
    if (store === 'vault') {
      await this.manager().writeKeys(write);
      return;
    }
    const service = await this.deps.clusters.client(write.cluster);
    const asActor = write.actor
      ? await this.deps.clusters.client(write.cluster, write.actor)
      : service;
    await writeSecretKeys(asActor, service, write);
  }

  /**
   * Sets (or, with `null`, stops) the rotation schedule of a Secret, as `actor`. A Secret that does not exist
   * yet is created with generated values at once, so its readers can start.
   */
  async setRotation(request: {
    cluster: string;
    namespace: string;
    team: string;
    secretName: string;
    schedule: SecretRotationSchedule | null;
    actor: ClusterIdentity;
  }): Promise<void> {
    const { cluster, namespace, secretName, schedule, actor } = request;
    const asUser = await this.deps.clusters.client(cluster, actor);
    const annotations = {
      [PAVED_ANNOTATIONS.secretRotation]: schedule
        ? JSON.stringify(schedule)
        : null,
    };
    const labels = { [PAVED_LABELS.rotates]: schedule ? 'true' : null };
    const existing = (await this.inventory(cluster, namespace)).find(
      s => s.name === secretName,
    );
    if (existing && existing.source !== 'secret-manager') {
      await asUser.request({
        method: 'PATCH',
        path: `/api/v1/namespaces/${encodeURIComponent(
          namespace,
        )}/secrets/${encodeURIComponent(secretName)}`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations, labels } },
        context: `setting the rotation of Secret ${namespace}/${secretName}`,
      });
      return;
    }
    if (!schedule) {
      if (!existing) {
        throw new NotFoundError(
          `No Secret ${secretName} in ${namespace}; nothing to stop rotating`,
        );
      }
      await this.manager().writeKeys({
        cluster,
        namespace,
        team: request.team,
        secretName,
        values: {},
        by: actor.user,
        at: new Date(),
        annotations,
        labels,
        actor,
      });
      return;
    }
    // absent, or kept by the secret manager: generated values are written with the schedule at once
    await this.rotate({
      cluster,
      namespace,
      team: request.team,
      secretName,
      schedule,
      by: actor.user,
      actor,
      annotations: {
        [PAVED_ANNOTATIONS.secretRotation]: JSON.stringify(schedule),
      },
      labels: { [PAVED_LABELS.rotates]: 'true' },
    });
  }

  /**
   * Gives the schedule's keys new generated values and rolls the workloads that read the Secret. Written with
   * Paved's identity (a scheduled rotation) or `actor`'s (rotate now).
   */
  async rotate(request: {
    cluster: string;
    namespace: string;
    team: string;
    secretName: string;
    schedule: SecretRotationSchedule;
    by: string;
    actor?: ClusterIdentity;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  }): Promise<SecretRotationOutcome> {
    const { cluster, namespace, secretName, schedule } = request;
    const at = new Date();
    const values = Object.fromEntries(
      schedule.keys.map(k => [k.key, generateValue(k.shape)]),
    );
    const annotations = {
      ...request.annotations,
      [PAVED_ANNOTATIONS.secretRotatedAt]: at.toISOString(),
    };
    await this.write(await this.storeOf(cluster, namespace), {
      ...request,
      values,
      at,
      annotations,
    });
    const service = await this.deps.clusters.client(cluster);
    const restarted = await restartSecretReaders(
      service,
      namespace,
      secretName,
      at,
    );
    return {
      keys: Object.keys(values).sort(),
      restarted,
      rotatedAt: at.toISOString(),
    };
  }

  /** The Secrets of a namespace whose rotation is due at `now`. */
  async dueRotations(
    cluster: string,
    namespace: string,
    now: Date = new Date(),
  ): Promise<Array<{ secretName: string; schedule: SecretRotationSchedule }>> {
    const service = await this.deps.clusters.client(cluster);
    const entries = await readSecretInventory(service, namespace, {
      labelSelector: `${PAVED_LABELS.rotates}=true`,
    }).catch(error => {
      if (isErrorNamed(error, 'NotAllowedError')) return [];
      throw error;
    });
    return entries.flatMap(entry => {
      if (!entry.rotation) return [];
      const next = nextRotation(entry.rotation, entry.rotatedAt);
      return next && next.getTime() <= now.getTime()
        ? [{ secretName: entry.name, schedule: entry.rotation }]
        : [];
    });
  }

  private manager(): SecretManager {
    if (!this.deps.manager) {
      throw new NotFoundError(
        'This environment keeps its secrets in the secret manager (paved.dev/secret-store=vault), but no secret manager is configured; set paved.secrets.vault in app-config.yaml',
      );
    }
    return this.deps.manager;
  }
}
