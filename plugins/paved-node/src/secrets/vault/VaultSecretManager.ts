import {
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  encodeEntityRefLabel,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { applyObjects } from '../../apply/applyObjects';
import { ClusterRegistry } from '../../cluster/ClusterRegistry';
import { KubernetesClient } from '../../cluster/KubernetesClient';
import { SecretManager, SecretManagerWrite } from '../SecretService';
import { withKeyChanges } from '../secretMetadata';
import { VaultClient } from './VaultClient';
import { teamSecretPath } from './paths';

/**
 * How a namespace reaches Vault through External Secrets (`paved.secrets.externalSecrets`).
 *
 * @public
 */
export interface VaultSyncSettings {
  /** Vault's address as External Secrets reaches it. */
  server: string;
  kvMount: string;
  /** Vault's kubernetes auth mount and the role every namespace's ServiceAccount logs in with. */
  kubernetesAuthMount: string;
  role: string;
  /** How often External Secrets reads the path again (a write by Paved also asks for a sync at once). */
  refreshInterval: string;
  /** How long a write waits for External Secrets to sync it (default 30000). */
  syncTimeoutMs?: number;
}

/** Names of what Paved makes in a namespace for External Secrets. */
const SERVICE_ACCOUNT = 'paved-secrets';
const SECRET_STORE = 'paved-vault';
const ES_API = 'external-secrets.io/v1';
/**
 * The secret manager of `vault` environments: values go to the team's Vault path with a token holding only
 * that team's policy (Vault refuses any other team's path), and the namespace syncs them through External
 * Secrets: Paved keeps a ServiceAccount and a SecretStore there (its own identity) and one ExternalSecret per
 * Secret (written as the user who set the values), which carries the per-key change record onto the synced
 * Secret. Values never touch the cluster's API through Paved.
 *
 * @public
 */
export class VaultSecretManager implements SecretManager {
  constructor(
    private readonly vault: VaultClient,
    private readonly clusters: ClusterRegistry,
    private readonly settings: VaultSyncSettings,
  ) {}

  async writeKeys(write: SecretManagerWrite): Promise<void> {
    const { cluster, namespace, secretName } = write;
    const team = encodeEntityRefLabel(write.team);
    const keys = Object.keys(write.values);
    if (keys.length > 0) {
      await this.vault.writeKeys(team, namespace, secretName, write.values);
    }
    const service = await this.clusters.client(cluster);
    await this.ensureStore(service, namespace);
    const actor = write.actor
      ? await this.clusters.client(cluster, write.actor)
      : service;
    const path = `/apis/${ES_API}/namespaces/${encodeURIComponent(
      namespace,
    )}/externalsecrets/${encodeURIComponent(secretName)}`;
    const current = await service
      .request<{
        spec?: {
          target?: {
            template?: {
              metadata?: {
                annotations?: Record<string, string>;
                labels?: Record<string, string>;
              };
            };
          };
        };
      }>({ path })
      .catch(error => {
        if (isErrorNamed(error, 'NotFoundError')) return undefined;
        throw error;
      });
    const kept = current?.spec?.target?.template?.metadata ?? {};
    const annotations = merge(kept.annotations, write.annotations);
    if (keys.length > 0) {
      annotations[PAVED_ANNOTATIONS.secretChanges] = withKeyChanges(
        kept.annotations,
        keys,
        write.by,
        write.at.toISOString(),
      );
    }
    // server-side apply as field manager `paved`, taking back fields another manager changed
    await applyObjects(
      actor,
      [
        {
          apiVersion: ES_API,
          kind: 'ExternalSecret',
          metadata: {
            name: secretName,
            namespace,
            labels: { [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY },
            // a new value is synced now, not at the next refresh
            annotations: { 'force-sync': write.at.toISOString() },
          },
          spec: {
            refreshInterval: this.settings.refreshInterval,
            secretStoreRef: { kind: 'SecretStore', name: SECRET_STORE },
            target: {
              name: secretName,
              creationPolicy: 'Owner',
              template: {
                mergePolicy: 'Merge',
                metadata: {
                  annotations,
                  labels: merge(kept.labels, write.labels),
                },
              },
            },
            dataFrom: [
              { extract: { key: teamSecretPath(team, namespace, secretName) } },
            ],
          },
        },
      ],
      { force: true, expected: [current ? 'configured' : 'created'] },
    );
    if (keys.length > 0) await this.waitForSync(service, path, write.at);
  }

  /**
   * Waits (at most `syncTimeoutMs`) until External Secrets has synced the ExternalSecret since `since`, so a
   * restart that follows reads the new value. A sync that takes longer is left to External Secrets: the value
   * is in Vault and arrives at its next refresh.
   */
  private async waitForSync(
    service: KubernetesClient,
    path: string,
    since: Date,
  ): Promise<boolean> {
    const deadline = Date.now() + (this.settings.syncTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      const es = await service
        .request<{
          status?: {
            refreshTime?: string;
            conditions?: Array<{ type?: string; status?: string }>;
          };
        }>({ path })
        .catch(() => undefined);
      const refreshed = Date.parse(es?.status?.refreshTime ?? '');
      const ready = es?.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      );
      // refreshTime has whole seconds: a sync in the same second as the write counts
      if (ready && refreshed >= Math.floor(since.getTime() / 1000) * 1000) {
        return true;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    return false;
  }

  /** The namespace's ServiceAccount and SecretStore for Vault, with Paved's own identity. */
  private async ensureStore(service: KubernetesClient, namespace: string) {
    await applyObjects(
      service,
      [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: SERVICE_ACCOUNT, namespace },
          automountServiceAccountToken: false,
        },
        {
          apiVersion: ES_API,
          kind: 'SecretStore',
          metadata: { name: SECRET_STORE, namespace },
          spec: {
            provider: {
              vault: {
                server: this.settings.server,
                path: this.settings.kvMount,
                version: 'v2',
                auth: {
                  kubernetes: {
                    mountPath: this.settings.kubernetesAuthMount,
                    role: this.settings.role,
                    serviceAccountRef: { name: SERVICE_ACCOUNT },
                  },
                },
              },
            },
          },
        },
      ],
      { force: true, expected: ['configured', 'configured'] },
    );
  }
}

/** `base` with `changes` applied: a `null` removes an entry. */
function merge(
  base: Record<string, string> | undefined,
  changes: Record<string, string | null> | undefined,
): Record<string, string> {
  const result = { ...base };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result;
}
