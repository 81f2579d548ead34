import {
  DEPLOYMENTS,
  Env,
  ID,
  LOGS_TAIL,
  PODS_PER_ENV,
  entity,
} from './scenario';

/** The calls the entity bench measures and what each answer must hold. */

/** One HTTP call a page makes. */
export interface Call {
  name: string;
  plugin: 'paved' | 'kubernetes';
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Throws when the answer is not what the page needs; returns a short description of it. */
  check: (data: any) => string;
}

/** A checked answer: time to the whole body, its size, parsed and as text. */
export interface Answer {
  ms: number;
  bytes: number;
  data: any;
  text: string;
}

/** Throws `message` unless `condition` holds. */
function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Query strings Paved's cards add to a call (the Metrics card opens with an hour of golden signals). */
const QUERIES: Record<string, string> = {
  'metrics/golden-signals': '?range=1h',
  health: '?range=1h',
  // what the Traces card asks for when it opens
  traces: '?range=1h&status=all&limit=50',
};

/** How many traces the Traces card lists at most (its `limit`). */
export const TRACES_LISTED = 50;

/** The parts of Paved's `/platform` answer and the separate call each is the answer of. */
export const PLATFORM_PART_CALLS: Record<string, string> = {
  diagnoses: 'diagnoses',
  events: 'events',
  currentMetrics: 'metrics/current',
  goldenSignals: 'metrics/golden-signals',
  health: 'health',
};

/** A GET of Paved's Platform tab for the component: `/api/paved/entities/default/component/<id>/<name>`. */
function get(name: string, check: Call['check']): Call {
  return {
    name,
    plugin: 'paved',
    method: 'GET',
    path: `/api/paved/entities/default/component/${ID}/${name}${
      QUERIES[name] ?? ''
    }`,
    check,
  };
}

/**
 * The calls the two pages make on load, with the checks that an answer holds what the page shows for the
 * bench's environments. Paved's first call is the overview, which its page waits for before the others.
 */
export function calls(envs: Env[]): {
  paved: Call[];
  health: Call;
  traces: Call;
  platform: Call;
  platformAll: Call;
  kubernetes: Call[];
} {
  const bench = new Set(envs.map(e => e.name));
  const inBench = (items: Array<{ namespace: string }>) =>
    items.filter(i => bench.has(i.namespace));
  const total = PODS_PER_ENV * envs.length;
  const checkOverview = (d: any): string => {
    assert(d.gaps?.length === 0, `gaps: ${JSON.stringify(d.gaps)}`);
    const environments = inBench(d.environments ?? []);
    assert(
      environments.length === envs.length,
      `${environments.length} of the ${envs.length} bench environments listed`,
    );
    const workloads = inBench(d.workloads ?? []);
    const ready = workloads.reduce(
      (sum: number, w: any) => sum + (w.ready ?? 0),
      0,
    );
    assert(
      workloads.length === DEPLOYMENTS.length * envs.length && ready === total,
      `${workloads.length} workloads with ${ready} ready replicas (want ${
        DEPLOYMENTS.length * envs.length
      } with ${total})`,
    );
    return `${d.environments.length} environments (${environments.length} bench), ${workloads.length} workloads, ${ready} ready`;
  };
  const paved: Call[] = [
    get('overview', checkOverview),
    get('diagnoses', d => {
      assert(Array.isArray(d.diagnoses), 'no diagnoses array');
      return `${d.diagnoses.length} diagnoses`;
    }),
    get('metrics/current', d => {
      const pods = inBench(d.pods ?? []);
      assert(pods.length === total, `usage of ${pods.length}/${total} pods`);
      return `${pods.length} pods`;
    }),
    get('metrics/golden-signals', d => {
      const series = inBench(d.series ?? []);
      assert(
        series.length === 5 * envs.length,
        `${series.length} series for the bench environments (want ${
          5 * envs.length
        })`,
      );
      const withRate = series.filter(
        (s: any) => s.signal === 'requestRate' && s.values.length > 0,
      );
      assert(
        withRate.length === envs.length,
        `request rate known in ${withRate.length}/${envs.length} environments`,
      );
      return `${d.series.length} series, ${series.reduce(
        (n: number, s: any) =>
          n + s.values.filter((v: unknown) => v !== null).length,
        0,
      )} points`;
    }),
    get(`logs?tail=${LOGS_TAIL}`, d => {
      assert(d.lines?.length > 0, 'no log lines');
      assert(
        d.lines.every((l: any) => d.sources?.[l.s]),
        'a line without its container',
      );
      return `${d.lines.length} lines from ${
        new Set(d.lines.map((l: any) => d.sources[l.s].pod)).size
      } pods${d.notice ? ` (${d.notice})` : ''}`;
    }),
    get('events', d => {
      assert(Array.isArray(d.events), 'no events array');
      return `${d.events.length} entries of ${d.total}`;
    }),
  ];
  /** The health line (new with the first paint that carries it; measured on the default backend). */
  const health: Call = get('health', d => {
    const lines = inBench(d.environments ?? []);
    assert(
      lines.length === envs.length,
      `${lines.length} of the ${envs.length} bench environments on the health line`,
    );
    const ready = lines.reduce((sum: number, l: any) => sum + l.ready, 0);
    assert(ready === total, `${ready}/${total} ready on the health line`);
    return `${lines.length} environments, ${ready} ready`;
  });
  /** The Traces card's list (new with traces; measured on the default backend). */
  const traces: Call = get('traces', d => {
    const list = d.traces ?? [];
    assert(
      list.length === TRACES_LISTED,
      `${list.length} traces listed (want ${TRACES_LISTED})`,
    );
    assert(
      list.every((t: any) => bench.has(t.namespace) && t.spanCount > 0),
      'a trace outside the bench environments',
    );
    return `${list.length} traces, ${list.reduce(
      (n: number, t: any) => n + t.spanCount,
      0,
    )} spans`;
  });
  const checkOf = (name: string) =>
    [...paved, health].find(c => c.name === name)!.check;
  /** A `/platform` call answering `parts`: the overview and each part must hold what its own call holds. */
  const platformCall = (parts: string[] | undefined) =>
    get(parts ? `platform?parts=${parts.join(',')}` : 'platform', d => {
      const described = [checkOverview(d.overview)];
      for (const part of parts ?? Object.keys(PLATFORM_PART_CALLS)) {
        assert(
          d[part] && 'value' in d[part],
          `${part} left out: ${JSON.stringify(d[part]?.omitted)}`,
        );
        described.push(
          `${part}: ${checkOf(PLATFORM_PART_CALLS[part])(d[part].value)}`,
        );
      }
      return described.join('; ');
    });
  /** What the Platform tab asks for first (PlatformContent's FIRST_PAINT): the overview, diagnoses and health line. */
  const platform = platformCall(['diagnoses', 'health']);
  /** Every part in one answer, for a page that paints them all first. */
  const platformAll = platformCall(undefined);
  return {
    paved,
    health,
    traces,
    platform,
    platformAll,
    kubernetes: [
      {
        name: 'clusters',
        plugin: 'kubernetes',
        method: 'GET',
        path: '/api/kubernetes/clusters',
        check: d => {
          assert(d.items?.length >= 1, 'no clusters');
          return `${d.items.length} clusters`;
        },
      },
      {
        name: `services/${ID}`,
        plugin: 'kubernetes',
        method: 'POST',
        path: `/api/kubernetes/services/${ID}`,
        body: { auth: {}, entity },
        check: d => {
          const cluster = d.items?.[0];
          assert(cluster, 'no cluster in the answer');
          assert(
            cluster.errors.length === 0,
            `errors: ${JSON.stringify(cluster.errors).slice(0, 300)}`,
          );
          const pods = (cluster.resources ?? [])
            .filter((r: any) => r.type === 'pods')
            .flatMap((r: any) => r.resources);
          const metrics = (cluster.podMetrics ?? []).filter((m: any) =>
            bench.has(m.pod?.metadata?.namespace),
          );
          assert(pods.length === total, `${pods.length}/${total} pods`);
          assert(
            metrics.length === total,
            `metrics of ${metrics.length}/${total} pods`,
          );
          return `${cluster.resources
            .map((r: any) => `${r.resources.length} ${r.type}`)
            .filter((s: string) => !s.startsWith('0 '))
            .join(', ')}; metrics of ${metrics.length} pods`;
        },
      },
    ],
  };
}
