import { isDeepStrictEqual } from 'node:util';
import { KubernetesObject } from '../apply/types';

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string }>;
  resources?: {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
  };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
}

/** What a change to a workload is about, so a diagnosis can put the relevant changes first. */
type Topic = 'memory' | 'cpu' | 'image' | 'config' | 'probe' | 'replicas';

/** The topics that bear on each kind of diagnosis, most relevant first. */
const RELEVANT: Record<string, Topic[]> = {
  'oom-killed': ['memory'],
  'image-pull': ['image'],
  'crash-loop': ['image', 'config', 'memory', 'probe'],
  'failed-exit': ['image', 'config'],
  'probe-failing': ['probe', 'image', 'config'],
  'config-missing': ['config'],
  unschedulable: ['cpu', 'memory', 'replicas'],
  'quota-exceeded': ['cpu', 'memory', 'replicas'],
  'rollout-stuck': ['image', 'config', 'probe', 'memory', 'cpu', 'replicas'],
};

function podSpec(object: KubernetesObject | undefined) {
  const spec = object?.spec as
    | {
        replicas?: number;
        template?: { spec?: { containers?: Container[] } };
        jobTemplate?: {
          spec?: { template?: { spec?: { containers?: Container[] } } };
        };
      }
    | undefined;
  return {
    replicas: spec?.replicas,
    containers:
      spec?.template?.spec?.containers ??
      spec?.jobTemplate?.spec?.template?.spec?.containers ??
      [],
  };
}

function resourceChanges(
  name: string,
  before: Container,
  after: Container,
): Array<[Topic, string]> {
  const out: Array<[Topic, string]> = [];
  for (const section of ['limits', 'requests'] as const) {
    for (const resource of ['memory', 'cpu'] as const) {
      const a = before.resources?.[section]?.[resource];
      const b = after.resources?.[section]?.[resource];
      if (a === b) continue;
      const noun = `${resource} ${section === 'limits' ? 'limit' : 'request'}`;
      out.push([
        resource,
        `${noun} ${a ?? 'none'} → ${b ?? 'none'} (container ${name})`,
      ]);
    }
  }
  return out;
}

function containerChanges(
  before: Container | undefined,
  after: Container,
): Array<[Topic, string]> {
  const name = after.name;
  if (!before) return [['image', `container ${name} added (${after.image})`]];
  const out: Array<[Topic, string]> = [];
  if (before.image !== after.image) {
    out.push([
      'image',
      `image ${before.image} → ${after.image} (container ${name})`,
    ]);
  }
  out.push(...resourceChanges(name, before, after));
  const envNames = (c: Container) => new Set((c.env ?? []).map(e => e.name));
  const was = envNames(before);
  const now = envNames(after);
  const added = [...now].filter(n => !was.has(n));
  const removed = [...was].filter(n => !now.has(n));
  const changed = [...now].filter(
    n =>
      was.has(n) &&
      !isDeepStrictEqual(
        before.env?.find(e => e.name === n),
        after.env?.find(e => e.name === n),
      ),
  );
  if (added.length)
    out.push(['config', `env ${added.join(', ')} added (container ${name})`]);
  if (removed.length)
    out.push([
      'config',
      `env ${removed.join(', ')} removed (container ${name})`,
    ]);
  if (changed.length)
    out.push([
      'config',
      `env ${changed.join(', ')} changed (container ${name})`,
    ]);
  if (
    !isDeepStrictEqual(before.command, after.command) ||
    !isDeepStrictEqual(before.args, after.args)
  ) {
    out.push(['config', `command or arguments changed (container ${name})`]);
  }
  for (const probe of [
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
  ] as const) {
    if (!isDeepStrictEqual(before[probe], after[probe])) {
      out.push(['probe', `${probe} changed (container ${name})`]);
    }
  }
  return out;
}

/**
 * What a revision changed on a workload, in words, relevant to a diagnosis kind first (e.g. for `oom-killed`:
 * `memory limit 512Mi → 256Mi (container api)`). Environment variables are named, never their values. Empty
 * when the revision did not change the workload's pods (or the diagnosis has no bearing on what changed).
 *
 * @public
 */
export function workloadChanges(
  before: KubernetesObject | undefined,
  after: KubernetesObject,
  diagnosisKind: string,
): string[] {
  const a = podSpec(before);
  const b = podSpec(after);
  const changes: Array<[Topic, string]> = [];
  if (!before) {
    changes.push(['image', `${after.kind} ${after.metadata.name} created`]);
  }
  for (const container of b.containers) {
    if (!before) break;
    changes.push(
      ...containerChanges(
        a.containers.find(c => c.name === container.name),
        container,
      ),
    );
  }
  if (before && a.replicas !== b.replicas) {
    changes.push([
      'replicas',
      `replicas ${a.replicas ?? 1} → ${b.replicas ?? 1}`,
    ]);
  }
  const topics = RELEVANT[diagnosisKind] ?? [
    'image',
    'config',
    'memory',
    'cpu',
    'probe',
  ];
  return topics.flatMap(topic =>
    changes.filter(([t]) => t === topic).map(([, text]) => text),
  );
}
