import { act, screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { EntityLiveMessage, WorkloadSummary } from '@paved/plugin-paved-common';
import { WorkloadsCard } from './WorkloadsCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

const workloads: WorkloadSummary[] = [
  {
    cluster: 'local',
    namespace: 'checkout-dev',
    environment: 'dev',
    kind: 'Deployment',
    name: 'checkout-api',
    desired: 2,
    ready: 2,
  },
  {
    cluster: 'local',
    namespace: 'checkout-production',
    environment: 'production',
    kind: 'Deployment',
    name: 'checkout-api',
    desired: 2,
    ready: 2,
  },
];

/** The app's signals API, delivering what the test sends. */
function fakeSignals() {
  const listeners = new Map<string, (message: any) => void>();
  const unsubscribed: string[] = [];
  return {
    api: {
      subscribe: (channel: string, onMessage: (m: any) => void) => {
        listeners.set(channel, onMessage);
        return { unsubscribe: () => unsubscribed.push(channel) };
      },
    },
    send: (channel: string, message: EntityLiveMessage) =>
      act(() => listeners.get(channel)?.(message)),
    channels: () => [...listeners.keys()],
    unsubscribed,
  };
}

function fakeFetch() {
  const calls: Array<{ url: string; method?: string }> = [];
  return {
    calls,
    api: {
      fetch: async (url: string, init?: RequestInit) => {
        calls.push({ url, method: init?.method });
        const body = url.endsWith('/live')
          ? {
              channel: 'paved:entity:component:default/checkout-api',
              ttlSeconds: 60,
              environments: [],
            }
          : { left: true };
        return new Response(JSON.stringify(body), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      },
    },
  };
}

async function render(signals?: ReturnType<typeof fakeSignals>) {
  const fetch = fakeFetch();
  const apis: any[] = [
    [fetchApiRef, fetch.api],
    [discoveryApiRef, { getBaseUrl: async () => 'http://backend/api/paved' }],
  ];
  // registered under the app's own ref (@backstage/plugin-signals-react), as an app does: Paved finds it by its id
  if (signals) apis.push([signalApiRef, signals.api]);
  const rendered = await renderInTestApp(
    <TestApiProvider apis={apis as any}>
      <EntityProvider entity={entity}>
        <WorkloadsCard workloads={workloads} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { fetch, rendered };
}

const notReady = (pod: string, ready: number): EntityLiveMessage => ({
  pods: [
    {
      cluster: 'local',
      namespace: 'checkout-dev',
      environment: 'dev',
      change: 'modified',
      pod,
      ready: false,
      phase: 'Running',
      reason: 'CrashLoopBackOff',
      workload: { kind: 'Deployment', name: 'checkout-api', ready },
    },
  ],
});

describe('WorkloadsCard', () => {
  it('registers for the entity’s live updates and shows a pod that stops being ready, in its environment only', async () => {
    const signals = fakeSignals();
    const { fetch } = await render(signals);
    expect(screen.getAllByText('2/2 ready')).toHaveLength(2);
    expect(signals.channels()).toEqual([
      'paved:entity:component:default/checkout-api',
    ]);
    expect(fetch.calls).toEqual([
      {
        url: 'http://backend/api/paved/entities/default/component/checkout-api/live',
        method: 'POST',
      },
    ]);

    await signals.send(
      'paved:entity:component:default/checkout-api',
      notReady('checkout-api-7c9d-x1', 1),
    );
    expect(await screen.findByText('1/2 ready')).toBeInTheDocument();
    // production is untouched
    expect(screen.getAllByText('2/2 ready')).toHaveLength(1);
    expect(screen.getByTestId('live-not-ready')).toHaveTextContent(
      'checkout-api-7c9d-x1: CrashLoopBackOff',
    );

    // ready again: the count goes back and the pod is no longer named
    await signals.send('paved:entity:component:default/checkout-api', {
      pods: [
        {
          ...notReady('checkout-api-7c9d-x1', 2).pods[0],
          ready: true,
          reason: undefined,
        },
      ],
    });
    expect(await screen.findAllByText('2/2 ready')).toHaveLength(2);
    expect(screen.queryByTestId('live-not-ready')).toBeNull();
  });

  it('leaves when it goes away', async () => {
    const signals = fakeSignals();
    const { fetch, rendered } = await render(signals);
    rendered.unmount();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(signals.unsubscribed).toEqual([
      'paved:entity:component:default/checkout-api',
    ]);
    expect(fetch.calls.map(c => c.url)).toContain(
      'http://backend/api/paved/entities/default/component/checkout-api/live/leave',
    );
  });

  it('asks the backend nothing when the app has no signals', async () => {
    const { fetch } = await render(undefined);
    expect(screen.getAllByText('2/2 ready')).toHaveLength(2);
    expect(fetch.calls).toEqual([]);
  });
});
