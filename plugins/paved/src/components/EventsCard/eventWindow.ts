import { EntityEvent } from '@paved/plugin-paved-common';

/** The id an event link names: its place, object and reason. */
export const eventId = (e: EntityEvent) =>
  `${e.cluster}/${e.namespace}/${e.object.kind}/${e.object.name}/${e.reason}`;

/**
 * The events last seen within `window` (unix seconds), the linked one (`linked`) first whatever its time,
 * so that a shared link shows it on the first page.
 */
export function eventsIn(
  events: EntityEvent[],
  window: { start: number; end: number },
  linked?: string,
): EntityEvent[] {
  const inside = (e: EntityEvent) => {
    const seconds = Date.parse(e.lastSeen) / 1000;
    return seconds >= window.start && seconds <= window.end + 60;
  };
  const first = linked ? events.filter(e => eventId(e) === linked) : [];
  return [...first, ...events.filter(e => inside(e) && !first.includes(e))];
}
