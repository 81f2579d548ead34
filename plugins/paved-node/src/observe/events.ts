import { ObjectEvent } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';

interface RawEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  metadata: { creationTimestamp?: string };
}

/**
 * Events in a namespace about objects whose names pass `about` — warnings first, newest first.
 *
 * @public
 */
export async function listEvents(
  client: KubernetesClient,
  options: {
    namespace: string;
    about: (kind: string, name: string) => boolean;
  },
): Promise<ObjectEvent[]> {
  const list = await client.request<{ items: RawEvent[] }>({
    path: `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/events`,
  });
  return sortEvents(
    list.items
      .filter(e =>
        options.about(
          e.involvedObject?.kind ?? '',
          e.involvedObject?.name ?? '',
        ),
      )
      .map(e => ({
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        message: e.message ?? '',
        object: {
          kind: e.involvedObject?.kind ?? '',
          name: e.involvedObject?.name ?? '',
        },
        count: e.series?.count ?? e.count ?? 1,
        lastSeen:
          e.series?.lastObservedTime ??
          e.lastTimestamp ??
          e.eventTime ??
          e.metadata.creationTimestamp ??
          '',
      })),
  );
}

/**
 * Warnings before everything else, then the most recent first.
 *
 * @public
 */
export function sortEvents<E extends ObjectEvent>(events: E[]): E[] {
  return [...events].sort((a, b) => {
    const warning = Number(b.type === 'Warning') - Number(a.type === 'Warning');
    return warning !== 0 ? warning : b.lastSeen.localeCompare(a.lastSeen);
  });
}
