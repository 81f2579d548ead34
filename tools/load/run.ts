/**
 * `yarn load [--duration=120] [--warmup=15] [--users=50] [--followers=10] [--think-ms=2000] [--url=http://127.0.0.1:7100]`:
 * a bounded load test of the backend replicas behind their load balancer (tools/replicas/up.sh), loopback only.
 * Browsing users open entity pages (what the Platform tab calls, as real users signed in with the local
 * sign-in), followers follow logs for the whole run. The first `--warmup` seconds (the replicas' first requests
 * load code and open connections) are reported apart and not in the table; their errors count. Prints a table
 * and one JSON line (`LOAD {…}`) in a stable format; exits 1 when any call failed.
 */
import { LoadOptions, parseOptions } from './options';
import { PhasedRecorder } from './recorder';
import { replicaRss } from './rss';
import { PEOPLE, browse, follow, hasAggregate, signIn } from './users';

/** The p95 each call should stay within (issue 17's goal). */
const GOAL_P95_MS = 150;

async function run(options: LoadOptions) {
  const tokens = await signIn(options.url);
  const people = Object.keys(PEOPLE);
  const aggregate = await hasAggregate(options.url, tokens.alice);
  const recorder = new PhasedRecorder();
  const rssStart = replicaRss(options.pidsDir);
  const controller = new AbortController();
  const startedAt = new Date();
  const warmupMs = options.warmupSeconds * 1000;
  const measureTimer = setTimeout(() => recorder.measure(), warmupMs);
  if (warmupMs === 0) recorder.measure();
  const timer = setTimeout(() => controller.abort(), warmupMs + options.durationSeconds * 1000);
  // half-way through the measured run the replicas have warmed up: growth from there to the end is what
  // "stable" is about
  let rssHalf: Record<string, number | null> = {};
  const halfTimer = setTimeout(() => {
    rssHalf = replicaRss(options.pidsDir);
  }, warmupMs + (options.durationSeconds * 1000) / 2);
  const browsing = Array.from({ length: options.users }, (_, i) => {
    const user = people[i % people.length];
    return browse({
      url: options.url,
      token: tokens[user],
      components: PEOPLE[user],
      aggregate,
      thinkMs: options.thinkMs,
      recorder,
      signal: controller.signal,
      seed: i,
    });
  });
  const following = Array.from({ length: options.followers }, (_, i) => {
    const user = people[i % people.length];
    return follow({
      url: options.url,
      token: tokens[user],
      component: PEOPLE[user][i % PEOPLE[user].length],
      recorder,
      signal: controller.signal,
    });
  });
  const pages = (await Promise.all(browsing)).reduce((a, b) => a + b, 0);
  const follows = await Promise.all(following);
  clearTimeout(timer);
  clearTimeout(halfTimer);
  clearTimeout(measureTimer);
  const rssEnd = replicaRss(options.pidsDir);
  const calls = recorder.measured.summary();
  const warm = recorder.warmUp.summary();
  const total = Object.values(calls).reduce((n, c) => n + c.count, 0);
  const errors = Object.values(calls).reduce((n, c) => n + c.errors, 0);
  return {
    kind: 'paved-load',
    version: 2,
    startedAt: startedAt.toISOString(),
    url: options.url,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    users: options.users,
    followers: options.followers,
    thinkMs: options.thinkMs,
    platformCalls: aggregate ? 'aggregate' : 'separate',
    pages,
    totalCalls: total,
    errors,
    goalP95Ms: GOAL_P95_MS,
    p95WithinGoal: Object.entries(calls)
      .filter(([name]) => name !== 'logs/follow')
      .every(([, c]) => c.p95 <= GOAL_P95_MS),
    calls,
    warmupCalls: warm,
    follows: {
      streams: follows.reduce((n, f) => n + f.streams, 0),
      lines: follows.reduce((n, f) => n + f.lines, 0),
    },
    rssKiB: Object.fromEntries(
      Object.keys({ ...rssStart, ...rssEnd }).map(name => [
        name,
        {
          start: rssStart[name] ?? null,
          half: rssHalf[name] ?? null,
          end: rssEnd[name] ?? null,
        },
      ]),
    ),
    errorSamples: recorder.measured.samples,
  };
}

type Result = Awaited<ReturnType<typeof run>>;

function print(result: Result) {
  const out: string[] = [];
  out.push(
    `load: ${result.users} users browsing + ${result.followers} following logs for ${result.durationSeconds} s after a ${result.warmupSeconds} s warm-up against ${result.url} (${result.platformCalls} Platform tab calls)`,
  );
  out.push(
    `${'call'.padEnd(26)}${'count'.padStart(8)}${'errors'.padStart(8)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}`,
  );
  for (const [name, c] of Object.entries(result.calls)) {
    out.push(
      `${name.padEnd(26)}${String(c.count).padStart(8)}${String(c.errors).padStart(8)}${c.p50.toFixed(1).padStart(9)}${c.p95.toFixed(1).padStart(9)}${c.p99.toFixed(1).padStart(9)}${c.max.toFixed(1).padStart(9)}`,
    );
  }
  out.push(
    `total calls ${result.totalCalls}, errors ${result.errors}, pages ${result.pages}, follow streams ${result.follows.streams} (${result.follows.lines} lines)`,
  );
  const warmCalls = Object.values(result.warmupCalls);
  if (warmCalls.length > 0) {
    out.push(
      `warm-up (first ${result.warmupSeconds} s, not in the table; errors counted above): ${warmCalls.reduce(
        (n, c) => n + c.count,
        0,
      )} calls, worst p95 ${Math.max(...warmCalls.map(c => c.p95)).toFixed(1)} ms, max ${Math.max(
        ...warmCalls.map(c => c.max),
      ).toFixed(1)} ms`,
    );
  }
  out.push(
    `p95 within ${result.goalP95Ms} ms for every call (logs/follow: time to its first event, not counted): ${result.p95WithinGoal ? 'yes' : 'no'}`,
  );
  for (const [name, rss] of Object.entries(result.rssKiB)) {
    const mib = (v: number | null) => (v === null ? 'n/a' : `${(v / 1024).toFixed(1)} MiB`);
    const secondHalf =
      rss.half && rss.end
        ? ` (second half ${rss.end >= rss.half ? '+' : ''}${(((rss.end - rss.half) / rss.half) * 100).toFixed(1)}%)`
        : '';
    out.push(
      `RSS ${name}: start ${mib(rss.start)}, half-way ${mib(rss.half)}, end ${mib(rss.end)}${secondHalf}`,
    );
  }
  for (const sample of result.errorSamples) out.push(`error: ${sample}`);
  out.push(`LOAD ${JSON.stringify(result)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

run(parseOptions(process.argv.slice(2)))
  .then(result => {
    print(result);
    process.exit(result.errors > 0 ? 1 : 0);
  })
  .catch(error => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : error}\n`);
    process.exit(2);
  });
