import {
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { placeholderKeys } from './inventory';
import { scrubSecretError } from './redact';
import { withKeyChanges } from './secretMetadata';

/**
 * A write of some keys of one Secret: the values, who sets them (recorded per key) and any bookkeeping
 * annotations and labels to set with them.
 *
 * @public
 */
export interface SecretKeysWrite {
  namespace: string;
  secretName: string;
  values: Record<string, string>;
  /** Recorded as who changed the keys: a user ref, or `paved:rotation`. */
  by: string;
  at?: Date;
  /** Bookkeeping annotations and labels to set with the keys (`null` removes one). */
  annotations?: Record<string, string | null>;
  labels?: Record<string, string | null>;
}

interface SecretMeta {
  metadata?: {
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
}

const secretPath = (namespace: string, name?: string) =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets${
    name ? `/${encodeURIComponent(name)}` : ''
  }`;

/** The entries that set a value (a new object has nothing to remove). */
function present(
  entries: Record<string, string | null | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

function encode(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Buffer.from(v, 'utf8').toString('base64'),
    ]),
  );
}

/**
 * Sets or replaces keys of a Kubernetes Secret (creating it when absent), as `actor` — the user for their own
 * change, so the API server's RBAC applies, or Paved's identity for a rotation. Other keys are kept. The
 * Secret's annotations record who changed each key and when. The API's answer (which holds the values) is
 * dropped, and errors never carry a value.
 *
 * @public
 */
export async function writeSecretKeys(
  actor: KubernetesClient,
  service: KubernetesClient,
  write: SecretKeysWrite,
): Promise<{ keys: string[]; created: boolean }> {
  const { namespace, secretName, values } = write;
  const keys = Object.keys(values).sort();
  const at = (write.at ?? new Date()).toISOString();
  const data = encode(values);
  const shown = { kind: 'Secret', metadata: { name: secretName }, data };
  try {
    // Paved's identity reads the bookkeeping; the values that come with it are not kept
    const current = await service
      .request<SecretMeta>({
        path: secretPath(namespace, secretName),
        context: `reading Secret ${namespace}/${secretName}`,
      })
      .catch(error => {
        if (isErrorNamed(error, 'NotFoundError')) return undefined;
        throw error;
      });
    const placeholders = placeholderKeys(current?.metadata?.annotations);
    const left = placeholders.filter(k => !keys.includes(k));
    const annotations = {
      ...write.annotations,
      // keys a clone left empty stop being placeholders once they are given a value
      ...(placeholders.length > 0
        ? {
            [PAVED_ANNOTATIONS.placeholderKeys]: left.length
              ? left.join(',')
              : null,
          }
        : {}),
      [PAVED_ANNOTATIONS.secretChanges]: withKeyChanges(
        current?.metadata?.annotations,
        keys,
        write.by,
        at,
      ),
    };
    if (current) {
      await actor.request({
        method: 'PATCH',
        path: secretPath(namespace, secretName),
        contentType: 'application/merge-patch+json',
        body: {
          metadata: {
            annotations,
            ...(write.labels ? { labels: write.labels } : {}),
            resourceVersion: current.metadata?.resourceVersion,
          },
          data,
        },
        context: `setting ${keys.join(
          ', ',
        )} of Secret ${namespace}/${secretName}`,
      });
      return { keys, created: false };
    }
    await actor.request({
      method: 'POST',
      path: secretPath(namespace),
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: {
          name: secretName,
          namespace,
          annotations: present(annotations),
          labels: present({
            [PAVED_LABELS.managedBy]: 'paved',
            ...write.labels,
          }),
        },
        data,
      },
      context: `creating Secret ${namespace}/${secretName}`,
    });
    return { keys, created: true };
  } catch (error) {
    throw scrubSecretError(error, [
      shown,
      { kind: 'Secret', metadata: { name: secretName }, stringData: values },
    ]);
  }
}
