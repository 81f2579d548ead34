/**
 * The state of one cluster's breaker: `closed` (calls go through), `open` (calls fail at once until the
 * cool-down has passed), `half-open` (one probe call is on its way; others fail at once until it settles).
 *
 * @public
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * How a {@link ClusterCircuitBreaker} behaves.
 *
 * @public
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures of a cluster after which its breaker opens. */
  failureThreshold: number;
  /** Milliseconds an open breaker fails calls at once before it lets one probe through. */
  cooldownMs: number;
  /** Milliseconds since the epoch; `Date.now` unless given (tests inject a clock). */
  now?: () => number;
}

/**
 * What one call may do, as the breaker decides before it starts.
 *
 * @public
 */
export type CircuitDecision =
  | { allowed: true; probe: boolean }
  | { allowed: false; retryAt: number; failures: number };

interface Circuit {
  failures: number;
  openedAt?: number;
  probing: boolean;
  lastError?: string;
}

/**
 * One circuit breaker per cluster, held by one backend process: after `failureThreshold` consecutive failures
 * of a cluster, calls to it are refused at once for `cooldownMs`; then one call goes through as a probe
 * (others are still refused while it runs). The probe's success closes the breaker, its failure opens it for
 * another cool-down. The caller decides what counts as a failure (a cluster that answered "forbidden" for a
 * user is not down).
 *
 * @public
 */
export class ClusterCircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether a call to `cluster` may start now; a call that may start must be followed by `success` or `failure`. */
  acquire(cluster: string): CircuitDecision {
    const circuit = this.circuits.get(cluster);
    if (!circuit || circuit.openedAt === undefined) {
      return { allowed: true, probe: false };
    }
    const retryAt = circuit.openedAt + this.options.cooldownMs;
    if (circuit.probing || this.now() < retryAt) {
      return { allowed: false, retryAt, failures: circuit.failures };
    }
    circuit.probing = true;
    return { allowed: true, probe: true };
  }

  /** `cluster` answered (even with a refusal of the user's request): its breaker closes. */
  success(cluster: string): void {
    this.circuits.delete(cluster);
  }

  /** The call to `cluster` failed as a cluster (unreachable, timed out, credentials refused). */
  failure(cluster: string, error?: unknown): void {
    const circuit = this.circuits.get(cluster) ?? {
      failures: 0,
      probing: false,
    };
    circuit.failures += 1;
    circuit.lastError = error instanceof Error ? error.message : undefined;
    if (circuit.probing || circuit.failures >= this.options.failureThreshold) {
      circuit.openedAt = this.now();
    }
    circuit.probing = false;
    this.circuits.set(cluster, circuit);
  }

  /** The state of `cluster`'s breaker, with its consecutive failures and the last one's message. */
  state(cluster: string): {
    state: CircuitState;
    failures: number;
    lastError?: string;
  } {
    const circuit = this.circuits.get(cluster);
    if (!circuit) return { state: 'closed', failures: 0 };
    let state: CircuitState = 'closed';
    if (circuit.probing) state = 'half-open';
    else if (circuit.openedAt !== undefined) state = 'open';
    return {
      state,
      failures: circuit.failures,
      ...(circuit.lastError ? { lastError: circuit.lastError } : {}),
    };
  }
}
