import { Entity } from '@backstage/catalog-model';
import { ClusterIdentity, PavedLimits } from '@paved/plugin-paved-node';
import express from 'express';
import { FollowSlots } from './FollowSlots';
import { LogsService } from './LogsService';
import { LogFilters } from './types';

/** What a follow's last event says when the backend shuts down. */
export const SHUTDOWN_MESSAGE =
  'Following stopped: this backend is shutting down; follow again to go on (another backend takes it)';

/** Seconds a client refused for too many follows is told to wait (`Retry-After`). */
const RETRY_AFTER_SECONDS = 30;

/**
 * Answers a log follow as server-sent events: `sources` once, then `line` events (and a `source` event when
 * one container's stream fails, comes back or stops while the others go on), then `end`, or `error` with
 * a message when every container's stream stopped or the follow reached
 * `paved.limits.follows.maxDurationMinutes` / `.maxBytes`. The follow holds one of the user's follow slots
 * until the client goes away or the stream ends; beyond the limits the request is refused with 429 before
 * anything is streamed. When `shutdown` aborts (the backend stops), the follow ends with an `error` event
 * saying so.
 */
export async function streamFollow(
  req: express.Request,
  res: express.Response,
  options: {
    logs: LogsService;
    slots: FollowSlots;
    limits: PavedLimits['follows'];
    entity: Entity;
    identity: ClusterIdentity;
    query: LogFilters & { search?: string };
    shutdown?: AbortSignal;
  },
): Promise<void> {
  const { logs, limits, identity, query } = options;
  let release: () => void;
  try {
    release = options.slots.acquire(identity.user);
  } catch (error) {
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    throw error;
  }
  const controller = new AbortController();
  const stop = () => {
    controller.abort();
    release();
  };
  req.on('close', stop);
  res.on('close', stop);
  let ended: string | undefined;
  const endWith = (message: string) => {
    ended ??= message;
    controller.abort();
  };
  try {
    // find the containers before answering, so a bad filter is still a plain HTTP error
    const { targets, notice, unavailableClusters } = await logs.select(
      options.entity,
      identity,
      query,
    );
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': following\n\n');
    // each container once; a line's `s` is its index here
    res.write(
      `event: sources\ndata: ${JSON.stringify({
        sources: targets,
        ...(notice ? { notice } : {}),
        ...(unavailableClusters ? { unavailableClusters } : {}),
      })}\n\n`,
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    const onShutdown = () => endWith(SHUTDOWN_MESSAGE);
    if (options.shutdown?.aborted) onShutdown();
    options.shutdown?.addEventListener('abort', onShutdown);
    const deadline = setTimeout(
      () =>
        endWith(
          `Following stopped after ${limits.maxDurationMinutes} minutes, the longest one follow stays open (paved.limits.follows.maxDurationMinutes); follow again to go on`,
        ),
      limits.maxDurationMinutes * 60_000,
    );
    let sent = 0;
    try {
      await logs.follow(identity, targets, {
        search: query.search,
        signal: controller.signal,
        onLine: line => {
          if (ended) return;
          sent += Buffer.byteLength(line.text);
          if (sent > limits.maxBytes) {
            endWith(
              `Following stopped after ${limits.maxBytes} bytes of log lines, the most one follow sends (paved.limits.follows.maxBytes); narrow it to a pod or a search, or follow again`,
            );
            return;
          }
          res.write(`event: line\ndata: ${JSON.stringify(line)}\n\n`);
        },
        // one container's stream failed, came back or stopped: the others go on
        onSource: state => {
          if (!ended) {
            res.write(`event: source\ndata: ${JSON.stringify(state)}\n\n`);
          }
        },
      });
      res.write(
        ended
          ? `event: error\ndata: ${JSON.stringify({ message: ended })}\n\n`
          : 'event: end\ndata: {}\n\n',
      );
    } catch (error) {
      res.write(
        `event: error\ndata: ${JSON.stringify({
          message: ended ?? (error as Error).message,
        })}\n\n`,
      );
    } finally {
      clearInterval(heartbeat);
      clearTimeout(deadline);
      options.shutdown?.removeEventListener('abort', onShutdown);
      res.end();
    }
  } finally {
    release();
  }
}
