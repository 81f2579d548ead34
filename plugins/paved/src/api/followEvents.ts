import { LogFollowEvents } from '@paved/plugin-paved-common';
import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One event of a log follow, typed by its name. */
export type FollowEvent = {
  [K in keyof LogFollowEvents]: { event: K; data: LogFollowEvents[K] };
}[keyof LogFollowEvents];

/**
 * The events of a `text/event-stream` body in order, parsed by `eventsource-parser`; comments (the
 * backend's heartbeats) and events Paved does not know are skipped.
 */
export async function* followEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<FollowEvent> {
  const reader = body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (isFollowEvent(value.event)) {
        yield {
          event: value.event,
          data: JSON.parse(value.data),
        } as FollowEvent;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

const NAMES: ReadonlyArray<string> = [
  'sources',
  'line',
  'source',
  'error',
  'end',
];

function isFollowEvent(name?: string): name is FollowEvent['event'] {
  return name !== undefined && NAMES.includes(name);
}
