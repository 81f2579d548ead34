import fs from 'node:fs';
import path from 'node:path';

/** What one load run does; every field has a flag (`--users=50`) and a default. */
export interface LoadOptions {
  /** The backend (the replicas' load balancer), loopback only. */
  url: string;
  /** Seconds the users keep going after the warm-up, measured. */
  durationSeconds: number;
  /**
   * Seconds the users go before the measured run (the replicas' first requests load code and open
   * connections); their latencies are reported apart, their errors count.
   */
  warmupSeconds: number;
  /** Users browsing entity pages, each one page after another with a pause between. */
  users: number;
  /** Users following logs for the whole run. */
  followers: number;
  /** Milliseconds a browsing user pauses between two pages: uniform in [thinkMs/2, 3·thinkMs/2]. */
  thinkMs: number;
  /** `.replicas/pids`: where the replicas' pids are, for their memory. */
  pidsDir: string;
}

const REPO = path.resolve(__dirname, '../..');

/** The load balancer's URL from `.replicas/env` (tools/replicas/up.sh), else its default. */
function replicasUrl(): string {
  try {
    const env = fs.readFileSync(path.join(REPO, '.replicas/env'), 'utf8');
    const match = /^PAVED_REPLICAS_URL='([^']+)'/m.exec(env);
    if (match) return match[1];
  } catch {
    // not started with tools/replicas/up.sh: the default port
  }
  return 'http://127.0.0.1:7100';
}

/** Refuses any target but this machine's loopback: a load test never leaves it. */
export function requireLoopback(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\./.test(host))) {
    throw new Error(
      `--url ${url}: the load test only sends to this machine's loopback (127.0.0.0/8, localhost, ::1)`,
    );
  }
}

/** Reads `--name=value` flags; unknown flags and values out of range are refused, naming the flag. */
export function parseOptions(argv: string[]): LoadOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}; flags look like --users=50`);
    flags.set(match[1], match[2]);
  }
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name);
    flags.delete(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${name}=${raw}: use a number from ${min} to ${max}`);
    }
    return value;
  };
  const options: LoadOptions = {
    durationSeconds: number('duration', 120, 1, 1800),
    warmupSeconds: number('warmup', 15, 0, 600),
    users: number('users', 50, 0, 500),
    followers: number('followers', 10, 0, 100),
    thinkMs: number('think-ms', 2000, 0, 60_000),
    url: flags.get('url') ?? replicasUrl(),
    pidsDir: flags.get('pids') ?? path.join(REPO, '.replicas/pids'),
  };
  flags.delete('url');
  flags.delete('pids');
  if (flags.size > 0) {
    throw new Error(
      `unknown flag --${[...flags.keys()][0]}; known: --duration --warmup --users --followers --think-ms --url --pids`,
    );
  }
  requireLoopback(options.url);
  return options;
}
