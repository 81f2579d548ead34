import { componentOf, workloadOf } from './workload';

describe('workloadOf', () => {
  it.each([
    // owner known to the source
    [{ name: 'x-1', workload: 'report' }, 'report'],
    // app.kubernetes.io/name label
    [
      {
        name: 'checkout-api-7d9f8c6b5d-x2x4z',
        labels: { 'app.kubernetes.io/name': 'checkout' },
      },
      'checkout',
    ],
    // Deployment pod
    [{ name: 'checkout-api-7d9f8c6b5d-x2x4z' }, 'checkout-api'],
    // CronJob pod
    [{ name: 'nightly-report-29180160-abcde' }, 'nightly-report'],
    // StatefulSet pod
    [{ name: 'postgres-0' }, 'postgres'],
    // DaemonSet pod
    [{ name: 'node-agent-k8x2p' }, 'node-agent'],
    // bare pod
    [{ name: 'debug' }, 'debug'],
    // volumes and services keep their name
    [{ name: 'data-postgres-0', kind: 'volume' as const }, 'data-postgres-0'],
  ])('%j → %s', (object, workload) => {
    expect(workloadOf(object)).toBe(workload);
  });
});

describe('componentOf', () => {
  it('reads backstage.io/kubernetes-id', () => {
    expect(componentOf({ 'backstage.io/kubernetes-id': 'checkout-api' })).toBe(
      'checkout-api',
    );
    expect(componentOf({})).toBeUndefined();
    expect(componentOf(undefined)).toBeUndefined();
  });
});
