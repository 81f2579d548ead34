import { PavedClient } from './PavedClient';
import { EntityLogLine } from './PavedApi';

const entity = { kind: 'component', namespace: 'default', name: 'shop' };

/** A response whose body arrives in the given chunks, as a network would split it. */
function streamed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

function client(respond: (url: string, init?: RequestInit) => Response) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) =>
    respond(url, init),
  );
  return {
    fetch,
    client: new PavedClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/paved' },
      fetchApi: { fetch: fetch as any },
    }),
  };
}

const source = {
  cluster: 'local',
  namespace: 'shop-staging',
  environment: 'staging',
  pod: 'web-1',
  container: 'web',
};

describe('PavedClient', () => {
  it('follows logs: names the containers once, then each line, across split chunks and heartbeats', async () => {
    const { client: paved, fetch } = client(() =>
      streamed([
        ': following\n\n',
        `event: sources\ndata: ${JSON.stringify({ sources: [source] })}\n\n`,
        'event: line\ndata: {"t":"2026-12-01T00:00:00Z","s":0,',
        '"text":"first"}\n\n: heartbeat\n\n',
        'event: line\ndata: {"t":"2026-12-01T00:00:01Z","s":0,"text":"second"}\n\n',
        'event: end\ndata: {}\n\n',
      ]),
    );
    const lines: EntityLogLine[] = [];
    await paved.followLogs(
      entity,
      { environment: 'staging', tail: 10 },
      l => lines.push(l),
      new AbortController().signal,
    );
    expect(lines).toEqual([
      { ...source, time: '2026-12-01T00:00:00Z', text: 'first' },
      { ...source, time: '2026-12-01T00:00:01Z', text: 'second' },
    ]);
    // a follow has no tail
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/paved/entities/default/component/shop/logs/follow?environment=staging',
    );
  });

  it("hands over, with its container, what happened to one container's stream", async () => {
    const { client: paved } = client(() =>
      streamed([
        `event: sources\ndata: ${JSON.stringify({ sources: [source] })}\n\n`,
        'event: source\ndata: {"s":0,"state":"retrying","message":"cut","retryInSeconds":1}\n\n',
        'event: source\ndata: {"s":0,"state":"following"}\n\n',
        // an index the stream never named is not handed over
        'event: source\ndata: {"s":3,"state":"following"}\n\n',
        'event: end\ndata: {}\n\n',
      ]),
    );
    const changes: unknown[] = [];
    await paved.followLogs(
      entity,
      {},
      () => {},
      new AbortController().signal,
      c => changes.push(c),
    );
    expect(changes).toEqual([
      { s: 0, state: 'retrying', message: 'cut', retryInSeconds: 1, source },
      { s: 0, state: 'following', source },
    ]);
  });

  it('fails a follow with the message of its error event', async () => {
    const { client: paved } = client(() =>
      streamed([
        `event: sources\ndata: ${JSON.stringify({ sources: [source] })}\n\n`,
        'event: error\ndata: {"message":"The follow reached paved.limits.follows.maxSeconds"}\n\n',
      ]),
    );
    await expect(
      paved.followLogs(entity, {}, () => {}, new AbortController().signal),
    ).rejects.toThrow('The follow reached paved.limits.follows.maxSeconds');
  });

  it('unpacks logs and golden signals from their compact wire form', async () => {
    const { client: paved } = client(url =>
      url.includes('/logs')
        ? new Response(
            JSON.stringify({
              sources: [source],
              lines: [{ t: '2026-12-01T00:00:00Z', s: 0, text: 'hello' }],
              notice: 'only 30 containers read',
            }),
          )
        : new Response(
            JSON.stringify({
              step: 15,
              series: [
                {
                  cluster: 'local',
                  namespace: 'shop-staging',
                  environment: 'staging',
                  signal: 'p95',
                  start: 1000,
                  values: [0.5, null, 0.7],
                },
              ],
            }),
          ),
    );
    await expect(paved.getLogs(entity, { tail: 5 })).resolves.toEqual({
      lines: [{ ...source, time: '2026-12-01T00:00:00Z', text: 'hello' }],
      notice: 'only 30 containers read',
    });
    const signals = await paved.getGoldenSignals(entity, { range: '15m' });
    expect(signals.series[0].points).toEqual([
      [1000, 0.5],
      [1030, 0.7],
    ]);
    expect(signals.series[0]).not.toHaveProperty('values');
  });

  it('posts secret values write-only to the Secret’s route and answers with the keys', async () => {
    const { client: paved, fetch } = client(
      () =>
        new Response(JSON.stringify({ outcome: 'applied', keys: ['url'] }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const result = await paved.setSecretValues(
      { cluster: 'local', namespace: 'shop-dev', secret: 'shop-db' },
      { values: { url: 'postgres://x' }, entityRef: 'component:default/shop' },
    );
    expect(result).toEqual({ outcome: 'applied', keys: ['url'] });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/paved/environments/local/shop-dev/secrets/shop-db/values',
    );
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      values: { url: 'postgres://x' },
      entityRef: 'component:default/shop',
    });
  });

  it('sends an approver’s secret values with the decision, and none otherwise', async () => {
    const { client: paved, fetch } = client(
      () =>
        new Response(JSON.stringify({ id: 'req-1', status: 'approved' }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    await paved.decideApproval('req-1', 'approve', undefined, undefined, {
      url: 'postgres://prod',
    });
    await paved.decideApproval('req-1', 'reject');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/paved/approvals/req-1/decision',
    );
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toEqual({
      decision: 'approve',
      values: { url: 'postgres://prod' },
    });
    expect(JSON.parse(String(fetch.mock.calls[1][1]?.body))).toEqual({
      decision: 'reject',
    });
  });

  it('reads an environment’s secrets and rotates one', async () => {
    const { client: paved, fetch } = client(
      () =>
        new Response('{}', {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    await paved.getEnvironmentSecrets('local', 'shop-dev');
    await paved.getEntitySecrets(entity);
    await paved.rotateSecret(
      { cluster: 'local', namespace: 'shop-dev', secret: 'shop-token' },
      'component:default/shop',
    );
    expect(fetch.mock.calls.map(c => [c[0], c[1]?.method])).toEqual([
      ['http://backend/api/paved/environments/local/shop-dev/secrets', 'GET'],
      [
        'http://backend/api/paved/entities/default/component/shop/secrets',
        'GET',
      ],
      [
        'http://backend/api/paved/environments/local/shop-dev/secrets/shop-token/rotate',
        'POST',
      ],
    ]);
  });

  it('reads revisions and drift from their routes, with the list query', async () => {
    const { client: paved, fetch } = client(
      () =>
        new Response('{}', {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const env = { cluster: 'local', namespace: 'shop-dev' };
    await paved.getEntityRevisions(entity, { limit: 20, before: 7 });
    await paved.getEntityDrift(entity);
    await paved.getEnvironmentRevisions(env, { component: 'shop' });
    await paved.getEnvironmentRevisions(env);
    await paved.getRevision({ ...env, revision: 3 });
    await paved.getRevisionDiff(env, 1, 3);
    expect(fetch.mock.calls.map(c => [c[0], c[1]?.method])).toEqual([
      [
        'http://backend/api/paved/entities/default/component/shop/revisions?limit=20&before=7',
        'GET',
      ],
      ['http://backend/api/paved/entities/default/component/shop/drift', 'GET'],
      [
        'http://backend/api/paved/environments/local/shop-dev/revisions?component=shop',
        'GET',
      ],
      ['http://backend/api/paved/environments/local/shop-dev/revisions', 'GET'],
      [
        'http://backend/api/paved/environments/local/shop-dev/revisions/3',
        'GET',
      ],
      [
        'http://backend/api/paved/environments/local/shop-dev/revision-diff?from=1&to=3',
        'GET',
      ],
    ]);
  });

  it('posts a rollback to the revision’s route with its body and answers the result', async () => {
    const answer = {
      status: 'requested',
      approvalId: 'req-9',
      applied: [],
      pruned: [],
      removedFields: [],
      keptSecrets: [],
      warnings: [],
    };
    const { client: paved, fetch } = client(
      () =>
        new Response(JSON.stringify(answer), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const result = await paved.rollback(
      { cluster: 'local', namespace: 'shop-production', revision: 2 },
      { component: 'shop', note: 'CHG-42' },
    );
    expect(result).toEqual(answer);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/paved/environments/local/shop-production/revisions/2/rollback',
    );
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      component: 'shop',
      note: 'CHG-42',
    });
  });
  it('posts a golden path’s preview with the form’s spec and answers the preview', async () => {
    const answer = {
      diff: '+ kind: Deployment',
      results: [{ kind: 'Deployment', name: 'orders-api', result: 'created' }],
      warnings: [],
      needsApproval: true,
    };
    const { client: paved, fetch } = client(
      () =>
        new Response(JSON.stringify(answer), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const body = {
      cluster: 'local',
      namespace: 'checkout-production',
      spec: { name: 'orders-api', owner: 'group:default/team-checkout' },
      patches: '- target: { kind: Deployment }',
    };
    await expect(paved.previewGoldenPath('web-service', body)).resolves.toEqual(
      answer,
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/paved/golden-paths/web-service/preview',
    );
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(body);
  });

  it('throws the backend’s refusal of a preview with its message', async () => {
    const { client: paved } = client(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'namespace: choose the environment (namespace) to deploy to',
            },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    await expect(
      paved.previewGoldenPath('worker', {
        cluster: 'local',
        namespace: '',
        spec: {},
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: {
        name: 'InputError',
        message: 'namespace: choose the environment (namespace) to deploy to',
      },
    });
  });
});
