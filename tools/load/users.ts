import { PhasedRecorder } from './recorder';

/** The simulated users: who they are, which pages they open, what a page calls. */

/** The example org's users (examples/org.yaml) and the components each may open (their team's). */
export const PEOPLE: Record<string, string[]> = {
  alice: ['checkout-api', 'checkout-worker', 'payments-api'],
  bob: ['checkout-api', 'checkout-worker', 'payments-api'],
  carol: ['search-api'],
  dave: ['search-api'],
  erin: ['checkout-api', 'search-api', 'payments-api'],
};

/** Real Backstage tokens from the local sign-in (`GET /api/auth/localUsers/refresh`, README "Local sign-in"). */
export async function signIn(url: string): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const user of Object.keys(PEOPLE)) {
    const response = await fetch(`${url}/api/auth/localUsers/refresh`, {
      headers: { 'x-paved-local-user': user },
    });
    if (!response.ok) {
      throw new Error(
        `signing in as ${user} failed: ${response.status} ${await response.text()}`,
      );
    }
    tokens[user] = (await response.json()).backstageIdentity.token;
  }
  return tokens;
}

const entityPath = (name: string) =>
  `/api/paved/entities/default/component/${name}`;

/**
 * What the Platform tab calls for one component: first paint (the aggregate `platform` answer with the
 * diagnoses, and the approvals card's list), then the cards below the fold as the user scrolls.
 * Without the aggregate endpoint, the overview first and the diagnoses after it.
 */
export function pageCalls(
  component: string,
  aggregate: boolean,
): { name: string; path: string }[][] {
  const base = entityPath(component);
  const firstPaint = aggregate
    ? [
        { name: 'platform', path: `${base}/platform?parts=diagnoses,health` },
        { name: 'approvals', path: '/api/paved/approvals' },
      ]
    : [{ name: 'overview', path: `${base}/overview` }];
  return [
    firstPaint,
    [
      ...(aggregate ? [] : [{ name: 'diagnoses', path: `${base}/diagnoses` }]),
      ...(aggregate ? [] : [{ name: 'approvals', path: '/api/paved/approvals' }]),
      { name: 'metrics/current', path: `${base}/metrics/current` },
      { name: 'metrics/golden-signals', path: `${base}/metrics/golden-signals?range=1h` },
      { name: 'events', path: `${base}/events` },
      { name: 'logs', path: `${base}/logs?tail=100` },
      { name: 'cost', path: `${base}/cost` },
    ],
  ];
}

/** Whether the backend has the Platform tab's aggregate endpoint (an older one answers 404). */
export async function hasAggregate(url: string, token: string): Promise<boolean> {
  const response = await fetch(`${url}${entityPath('checkout-api')}/platform?parts=diagnoses,health`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status !== 404;
}

/** Waits `ms`, or until `signal` aborts; its abort listener goes with it (a user sleeps hundreds of times). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>(resolve => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });

/** One GET, timed to the whole body; a non-2xx answer is an error with its status and message. */
async function call(
  url: string,
  token: string,
  name: string,
  path: string,
  recorder: PhasedRecorder,
): Promise<void> {
  const start = process.hrtime.bigint();
  try {
    const response = await fetch(`${url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.text();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (response.ok) recorder.ok(name, ms);
    else recorder.fail(name, `${response.status} ${body.slice(0, 200)}`);
  } catch (error) {
    recorder.fail(name, String(error));
  }
}

/** A user opening one entity page after another until `signal` aborts. */
export async function browse(options: {
  url: string;
  token: string;
  components: string[];
  aggregate: boolean;
  thinkMs: number;
  recorder: PhasedRecorder;
  signal: AbortSignal;
  seed: number;
}): Promise<number> {
  const { url, token, components, recorder, signal } = options;
  let pages = 0;
  // users start spread over one pause, not all at once
  await sleep(((options.seed * 7919) % 1000) / 1000 * options.thinkMs, signal);
  while (!signal.aborted) {
    const component = components[(options.seed + pages) % components.length];
    for (const step of pageCalls(component, options.aggregate)) {
      await Promise.all(
        step.map(c => call(url, token, c.name, c.path, recorder)),
      );
    }
    pages += 1;
    await sleep(options.thinkMs * (0.5 + Math.random()), signal);
  }
  return pages;
}

/**
 * A user following one component's logs until `signal` aborts: time to the stream's `sources` event is the
 * call's latency; an `error` event, a failed request or a stream that ends before the run does is an error
 * (and the user follows again, as the page does).
 */
export async function follow(options: {
  url: string;
  token: string;
  component: string;
  recorder: PhasedRecorder;
  signal: AbortSignal;
}): Promise<{ lines: number; streams: number }> {
  const { url, token, component, recorder, signal } = options;
  let lines = 0;
  let streams = 0;
  while (!signal.aborted) {
    streams += 1;
    const start = process.hrtime.bigint();
    try {
      const response = await fetch(`${url}${entityPath(component)}/logs/follow`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal,
      });
      if (!response.ok || !response.body) {
        recorder.fail('logs/follow', `${response.status} ${await response.text()}`);
        await sleep(1000, signal);
        continue;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      let opened = false;
      let ended: string | undefined;
      for await (const chunk of response.body as any) {
        buffer += decoder.decode(chunk, { stream: true });
        let index: number;
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          const type = /^event: (.*)$/m.exec(event)?.[1];
          if (type === 'sources' && !opened) {
            opened = true;
            // reported whenever the stream opened (most open in the warm-up); no goal applies to it
            recorder.measured.ok('logs/follow', Number(process.hrtime.bigint() - start) / 1e6);
          } else if (type === 'line') lines += 1;
          else if (type === 'error' || type === 'end' || type === 'stopping') {
            ended = `${type}: ${/^data: (.*)$/m.exec(event)?.[1] ?? ''}`;
          }
        }
      }
      if (!signal.aborted) {
        recorder.fail('logs/follow', `the stream ended before the run did (${ended ?? 'closed'})`);
      }
    } catch (error) {
      if (!signal.aborted) recorder.fail('logs/follow', String(error));
    }
  }
  return { lines, streams };
}
