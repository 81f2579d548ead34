import { PodContainers } from '@paved/plugin-paved-node';
import { mostRelevant } from './mostRelevant';

function candidate(
  namespace: string,
  name: string,
  pod: Partial<PodContainers> = {},
) {
  return {
    pod: {
      name,
      phase: 'Running',
      ready: true,
      restarts: 0,
      containers: ['app'],
      ...pod,
    },
    target: {
      cluster: 'local',
      namespace,
      environment: namespace.replace('shop-', ''),
      pod: name,
      container: 'app',
    },
  };
}

describe('mostRelevant', () => {
  it('takes pods in trouble first, then the newest of each environment in turn', () => {
    const candidates = [
      ...Array.from({ length: 6 }, (_, i) =>
        candidate('shop-prod', `prod-${i}`, {
          created: `2026-11-21T10:0${i}:00Z`,
        }),
      ),
      candidate('shop-dev', 'dev-old', { created: '2026-11-20T10:00:00Z' }),
      candidate('shop-dev', 'dev-pending', {
        phase: 'Pending',
        ready: false,
        created: '2026-11-21T11:00:00Z',
      }),
      candidate('shop-dev', 'dev-crashing', {
        ready: false,
        restarts: 4,
        created: '2026-11-19T10:00:00Z',
      }),
    ];
    expect(mostRelevant(candidates, 4).map(c => c.target.pod)).toEqual([
      'dev-crashing',
      'prod-5',
      'dev-old',
      'prod-4',
    ]);
    // pods that have not started come last: they have no log yet
    expect(mostRelevant(candidates, 9).at(-1)!.target.pod).toBe('dev-pending');
    expect(mostRelevant(candidates, 100)).toHaveLength(9);
  });
});
