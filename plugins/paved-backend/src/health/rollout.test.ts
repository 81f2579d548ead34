import { WorkloadSummary } from '@paved/plugin-paved-common';
import { mostTellingFirst, rolloutOf } from './rollout';

const deployment = (ready: number, desired: number): WorkloadSummary => ({
  cluster: 'local',
  namespace: 'shop-dev',
  environment: 'dev',
  kind: 'Deployment',
  name: 'shop',
  ready,
  desired,
});
const cronJob: WorkloadSummary = {
  cluster: 'local',
  namespace: 'shop-dev',
  environment: 'dev',
  kind: 'CronJob',
  name: 'report',
};

describe('rolloutOf', () => {
  it('sums ready and desired replicas and says how the rollout stands', () => {
    expect(rolloutOf([], [])).toEqual({
      rollout: 'none',
      ready: 0,
      desired: 0,
    });
    expect(rolloutOf([deployment(2, 2), deployment(1, 1)], [])).toEqual({
      rollout: 'complete',
      ready: 3,
      desired: 3,
    });
    expect(rolloutOf([deployment(1, 3)], [])).toEqual({
      rollout: 'progressing',
      ready: 1,
      desired: 3,
    });
    expect(rolloutOf([deployment(0, 0)], [])).toEqual({
      rollout: 'scaled-down',
      ready: 0,
      desired: 0,
    });
    // a CronJob alone has no replicas: nothing to scale down
    expect(rolloutOf([cronJob], []).rollout).toBe('complete');
  });

  it('fails on a diagnosis that stops a rollout, not on others', () => {
    for (const kind of [
      'crash-loop',
      'oom-killed',
      'image-pull',
      'failed-exit',
      'rollout-stuck',
    ]) {
      expect(rolloutOf([deployment(0, 1)], [{ kind }]).rollout).toBe('failed');
    }
    expect(
      rolloutOf([deployment(0, 1)], [{ kind: 'unschedulable' }]).rollout,
    ).toBe('progressing');
    expect(rolloutOf([], [{ kind: 'crash-loop' }]).rollout).toBe('none');
  });
});

describe('mostTellingFirst', () => {
  it('puts what keeps pods from running first, then the stuck rollout, then the rest as found', () => {
    const kinds = [
      'unschedulable',
      'rollout-stuck',
      'probe-failing',
      'oom-killed',
      'crash-loop',
    ].map(kind => ({ kind }));
    expect(mostTellingFirst(kinds).map(d => d.kind)).toEqual([
      'crash-loop',
      'oom-killed',
      'rollout-stuck',
      'unschedulable',
      'probe-failing',
    ]);
  });
});
