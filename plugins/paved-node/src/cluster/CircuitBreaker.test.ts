import { ClusterCircuitBreaker } from './CircuitBreaker';

describe('ClusterCircuitBreaker', () => {
  let now = 0;
  const breaker = () =>
    new ClusterCircuitBreaker({
      failureThreshold: 3,
      cooldownMs: 30_000,
      now: () => now,
    });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('opens after the threshold of consecutive failures of one cluster, and only for it', () => {
    const b = breaker();
    for (let i = 0; i < 2; i++) {
      expect(b.acquire('two')).toEqual({ allowed: true, probe: false });
      b.failure('two', new Error('connect ECONNREFUSED'));
    }
    expect(b.state('two')).toEqual({
      state: 'closed',
      failures: 2,
      lastError: 'connect ECONNREFUSED',
    });
    b.failure('two', new Error('connect ECONNREFUSED'));
    expect(b.state('two').state).toBe('open');
    expect(b.acquire('two')).toEqual({
      allowed: false,
      retryAt: 1_030_000,
      failures: 3,
    });
    expect(b.acquire('local')).toEqual({ allowed: true, probe: false });
  });

  it('a success resets the count of failures', () => {
    const b = breaker();
    b.failure('two');
    b.failure('two');
    b.success('two');
    b.failure('two');
    b.failure('two');
    expect(b.state('two')).toMatchObject({ state: 'closed', failures: 2 });
  });

  it('lets one probe through after the cool-down; its success closes, its failure opens again', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failure('two');
    now += 29_999;
    expect(b.acquire('two').allowed).toBe(false);
    now += 1;
    expect(b.acquire('two')).toEqual({ allowed: true, probe: true });
    // while the probe runs, others still fail at once
    expect(b.state('two').state).toBe('half-open');
    expect(b.acquire('two').allowed).toBe(false);
    b.failure('two', new Error('still down'));
    expect(b.state('two')).toMatchObject({ state: 'open', failures: 4 });
    expect(b.acquire('two')).toMatchObject({
      allowed: false,
      retryAt: now + 30_000,
    });
    now += 30_000;
    expect(b.acquire('two')).toEqual({ allowed: true, probe: true });
    b.success('two');
    expect(b.state('two')).toEqual({ state: 'closed', failures: 0 });
    expect(b.acquire('two')).toEqual({ allowed: true, probe: false });
  });
});
