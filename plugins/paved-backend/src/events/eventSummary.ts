import {
  EntityEvent,
  EnvironmentPlace,
  ObjectEvent,
} from '@paved/plugin-paved-common';

/** An event, or several Normal events about objects of one workload summed up (before its place is added). */
export type SummarizedEvent = Omit<EntityEvent, keyof EnvironmentPlace>;

/** The workload an object belongs to, by name: itself, or the longest workload name it starts with. */
export function ownerWorkload(name: string, workloads: string[]): string {
  let owner: string | undefined;
  for (const w of workloads) {
    if (
      (name === w || name.startsWith(`${w}-`)) &&
      (!owner || w.length > owner.length)
    ) {
      owner = w;
    }
  }
  return owner ?? name;
}

/**
 * Events of one namespace, with Normal events collapsed by (reason, object kind, owning workload): a
 * rollout of 20 replicas says "Scheduled" once for its 20 pods, with the summed count, the latest time and
 * the latest message. Warnings are kept one by one. Order is not kept; sort afterwards.
 */
export function summarizeEvents(
  events: ObjectEvent[],
  workloads: string[],
): SummarizedEvent[] {
  const result: SummarizedEvent[] = [];
  const groups = new Map<
    string,
    { latest: ObjectEvent; count: number; objects: Set<string>; owner: string }
  >();
  for (const event of events) {
    if (event.type === 'Warning') {
      result.push(event);
      continue;
    }
    const owner = ownerWorkload(event.object.name, workloads);
    const key = JSON.stringify([
      event.type,
      event.reason,
      event.object.kind,
      owner,
    ]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        latest: event,
        count: event.count,
        objects: new Set([event.object.name]),
        owner,
      });
      continue;
    }
    group.count += event.count;
    group.objects.add(event.object.name);
    if (event.lastSeen > group.latest.lastSeen) group.latest = event;
  }
  for (const { latest, count, objects, owner } of groups.values()) {
    result.push({
      ...latest,
      count,
      ...(objects.size > 1 ? { objects: objects.size, workload: owner } : {}),
    });
  }
  return result;
}
