import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  clusterDir,
  localAdminClient,
  localClusterEnv,
  repoRoot,
  waitFor,
} from '../testUtils';
import { KubernetesClient } from './KubernetesClient';

/*
 * Fault test: the local control plane heals itself after a pause such as a laptop's sleep.
 *
 * Runs on the named cluster PAVED_FAULT_CLUSTER (default `three`), never on the default one.
 * Kills: 1. SIGSTOPs that cluster's kube-apiserver and KWOK (what a laptop's sleep does to both) for 15 s longer
 *           than its controller manager's --node-monitor-grace-period, then SIGCONTs the API server; KWOK, whose
 *           node heartbeats would otherwise race the node lifecycle controller, runs again once that controller
 *           has marked every demo pod not ready;
 *        2. stops its KWOK (SIGTERM), marks its demo pods not ready, and restarts the cluster with down.sh and up.sh.
 * Expects: the node lifecycle controller marks the demo pods not ready; every demo Deployment becomes Available
 *          again by itself with the very same pods Ready again, and up.sh repairs the stale state instead of
 *          failing; the pods that simulate failures (paved.dev/simulate) stay broken and keep crash-looping.
 * Restores: afterAll resumes the API server and KWOK if they are still stopped and runs `up.sh --name <cluster>`.
 */

const CLUSTER = process.env.PAVED_FAULT_CLUSTER || 'three';
/** How long the demo may take to recover once the API server runs again. */
const RECOVERY_MS = 120_000;
/** A crash-looping pod exits after at most 15 s running and restarts after at most 35 s of back-off. */
const CRASH_CYCLE_MS = 90_000;

jest.setTimeout(10 * 60_000);

type Condition = { type: string; status: string; lastTransitionTime?: string };
type Pod = {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: Array<{ restartCount: number }>;
  };
};
type Deployment = {
  metadata: { name: string; namespace: string };
  status?: { conditions?: Condition[] };
};

const condition = (
  object: { status?: { conditions?: Condition[] } },
  type: string,
) => object.status?.conditions?.find(c => c.type === type);
const restarts = (pod: Pod) =>
  (pod.status?.containerStatuses ?? []).reduce(
    (sum, c) => sum + c.restartCount,
    0,
  );
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The pid of one of the cluster's components, from `.cluster-NAME/pids/<component>.pid` ("<pid> <binary> …"), only
 * while that pid still runs the recorded binary (as tools/cluster/lib.sh checks before it signals one).
 */
function componentPid(component: string): number | undefined {
  const file = path.join(clusterDir(CLUSTER), 'pids', `${component}.pid`);
  if (!fs.existsSync(file)) return undefined;
  const [pid, binary] = fs.readFileSync(file, 'utf8').trim().split(/\s+/);
  try {
    const exe = fs
      .readlinkSync(`/proc/${pid}/exe`)
      .replace(/ \(deleted\)$/, '');
    return path.basename(exe) === path.basename(binary)
      ? Number(pid)
      : undefined;
  } catch {
    return undefined;
  }
}

function requiredPid(component: string): number {
  const pid = componentPid(component);
  if (!pid) {
    throw new Error(
      `${component} of cluster ${CLUSTER} is not running; run "bash tools/cluster/up.sh --name ${CLUSTER}"`,
    );
  }
  return pid;
}

/** Milliseconds of a Go duration such as `50s`, `1m0s` or `500ms`. */
function goDurationMs(text: string): number {
  const units: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 1e-3,
    µs: 1e-3,
    ns: 1e-6,
  };
  let ms = 0;
  for (const [, value, unit] of text.matchAll(
    /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g,
  )) {
    ms += Number(value) * units[unit];
  }
  return ms;
}

/** The controller manager's --node-monitor-grace-period (Kubernetes' default: 50 s). */
function nodeMonitorGracePeriodMs(): number {
  const args = fs
    .readFileSync(`/proc/${requiredPid('kube-controller-manager')}/cmdline`)
    .toString()
    .split('\0');
  const i = args.findIndex(a => a.startsWith('--node-monitor-grace-period'));
  if (i < 0) return 50_000;
  const value = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  return goDurationMs(value);
}

function runScript(script: string): string {
  try {
    return execFileSync(
      'bash',
      [path.join(repoRoot(), 'tools', 'cluster', script), '--name', CLUSTER],
      {
        cwd: repoRoot(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 5 * 60_000,
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${script} --name ${CLUSTER} failed: ${stderr ?? ''}\n${stdout ?? ''}`,
    );
  }
}

describe(`the local control plane (cluster ${CLUSTER}) heals itself`, () => {
  let admin: KubernetesClient;
  let demoNamespaces: string[];
  /** The pids this test stopped and has not resumed yet. */
  const paused = new Set<number>();
  const pause = (pid: number) => {
    process.kill(pid, 'SIGSTOP');
    paused.add(pid);
  };
  const resume = (pid: number) => {
    process.kill(pid, 'SIGCONT');
    paused.delete(pid);
  };

  beforeAll(async () => {
    const env = localClusterEnv(CLUSTER);
    demoNamespaces = env.PAVED_DEMO_NAMESPACES.split(',').filter(Boolean);
    admin = await localAdminClient(CLUSTER);
  });

  afterAll(() => {
    for (const pid of [...paused]) resume(pid);
    runScript('up.sh');
  });

  async function demoPods(): Promise<Pod[]> {
    const lists = await Promise.all(
      demoNamespaces.map(ns =>
        admin.request<{ items: Pod[] }>({
          path: `/api/v1/namespaces/${ns}/pods`,
        }),
      ),
    );
    return lists
      .flatMap(l => l.items)
      .filter(p => !p.metadata.deletionTimestamp);
  }

  async function demoDeployments(): Promise<Deployment[]> {
    const lists = await Promise.all(
      demoNamespaces.map(ns =>
        admin.request<{ items: Deployment[] }>({
          path: `/apis/apps/v1/namespaces/${ns}/deployments`,
        }),
      ),
    );
    return lists.flatMap(l => l.items);
  }

  /** Pods anywhere that simulate a failure (kwok/broken-pods.yaml), and are running. */
  async function brokenPods(): Promise<Pod[]> {
    const list = await admin.request<{ items: Pod[] }>({
      path: '/api/v1/pods',
    });
    return list.items.filter(
      p =>
        p.metadata.annotations?.['paved.dev/simulate'] &&
        !p.metadata.deletionTimestamp &&
        p.status?.phase === 'Running',
    );
  }

  /** The NodeNotReady events of the demo namespaces (the node lifecycle controller marked a pod not ready). */
  async function nodeNotReadyEvents() {
    const lists = await Promise.all(
      demoNamespaces.map(ns =>
        admin.request<{
          items: Array<{
            metadata: { name: string };
            count?: number;
            involvedObject: { uid: string };
          }>;
        }>({
          path: `/api/v1/namespaces/${ns}/events`,
          query: { fieldSelector: 'reason=NodeNotReady' },
        }),
      ),
    );
    return lists.flatMap(l => l.items);
  }

  /** Every demo Deployment Available and every demo pod Ready: the pods, or undefined while not so. */
  async function demoHealthy(): Promise<Pod[] | undefined> {
    const deployments = await demoDeployments();
    if (deployments.length === 0) return undefined;
    if (deployments.some(d => condition(d, 'Available')?.status !== 'True')) {
      return undefined;
    }
    const pods = await demoPods();
    return pods.every(p => condition(p, 'Ready')?.status === 'True')
      ? pods
      : undefined;
  }

  /** The broken pods keep failing: each restarts again and none is Ready. */
  async function expectBrokenPodsStillBroken(before: Pod[]) {
    const since = new Map(before.map(p => [p.metadata.uid, restarts(p)]));
    const after = await waitFor(
      async () => {
        const pods = (await brokenPods()).filter(p =>
          since.has(p.metadata.uid),
        );
        return pods.length === since.size &&
          pods.every(p => restarts(p) > since.get(p.metadata.uid)!)
          ? pods
          : undefined;
      },
      {
        timeoutMs: CRASH_CYCLE_MS,
        intervalMs: 2000,
        what: 'every pod that simulates a failure restarting again',
      },
    );
    for (const pod of after) {
      expect(condition(pod, 'Ready')?.status).toBe('False');
    }
  }

  it('makes every demo Deployment Available again after its API server was paused past the node grace period', async () => {
    const before = await waitFor(demoHealthy, {
      timeoutMs: RECOVERY_MS,
      what: `the demo of cluster ${CLUSTER} healthy before the pause`,
    });
    const broken = await brokenPods();
    expect(broken.length).toBeGreaterThan(0);
    const readySince = new Map(
      before.map(p => [
        p.metadata.uid,
        condition(p, 'Ready')?.lastTransitionTime,
      ]),
    );

    const eventsBefore = new Set(
      (await nodeNotReadyEvents()).map(e => `${e.metadata.name}/${e.count}`),
    );

    const pauseMs = nodeMonitorGracePeriodMs() + 15_000;
    const apiServer = requiredPid('kube-apiserver');
    const kwok = requiredPid('kwok');
    pause(apiServer);
    pause(kwok);
    await sleep(pauseMs);
    resume(apiServer);

    // the pause took effect: with the nodes' heartbeats past the grace period, the node lifecycle controller
    // marked the demo pods not ready (a new NodeNotReady event, or a repeat of an earlier one, on each)
    await waitFor(
      async () => {
        const marked = new Set(
          (await nodeNotReadyEvents())
            .filter(e => !eventsBefore.has(`${e.metadata.name}/${e.count}`))
            .map(e => e.involvedObject.uid),
        );
        return before.every(p => marked.has(p.metadata.uid)) || undefined;
      },
      {
        timeoutMs: RECOVERY_MS,
        what: `NodeNotReady events on every demo pod after a pause of ${pauseMs} ms`,
      },
    );
    // the rest of the machine wakes up: from here on, nothing but the cluster itself makes the pods Ready
    resume(kwok);
    const resumed = performance.now();

    const after = await waitFor(demoHealthy, {
      timeoutMs: RECOVERY_MS,
      what: 'every demo Deployment Available and every demo pod Ready again',
    });
    // eslint-disable-next-line no-console
    console.info(
      `cluster ${CLUSTER}: demo recovered ${Math.round(
        performance.now() - resumed,
      )} ms after a ${pauseMs} ms pause of its API server and KWOK`,
    );
    // healed in place: the same pods, each Ready again since the pause
    expect(after.map(p => p.metadata.uid).sort()).toEqual(
      before.map(p => p.metadata.uid).sort(),
    );
    for (const pod of after) {
      expect(condition(pod, 'Ready')?.lastTransitionTime).not.toBe(
        readySince.get(pod.metadata.uid),
      );
    }
    await expectBrokenPodsStillBroken(broken);
  });

  it('comes up with down.sh and up.sh on the stale state a pause leaves behind', async () => {
    await waitFor(demoHealthy, {
      timeoutMs: RECOVERY_MS,
      what: `the demo of cluster ${CLUSTER} healthy before the restart`,
    });
    const broken = await brokenPods();

    // what the node lifecycle controller leaves behind while nothing reports the pods (MarkPodsNotReady)
    const kwok = requiredPid('kwok');
    process.kill(kwok, 'SIGTERM');
    await waitFor(async () => componentPid('kwok') === undefined || undefined, {
      what: `KWOK of cluster ${CLUSTER} stopped`,
    });
    const stale = await demoPods();
    for (const pod of stale) {
      await admin.request({
        method: 'PATCH',
        path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
        contentType: 'application/strategic-merge-patch+json',
        body: {
          status: {
            conditions: [
              {
                type: 'Ready',
                status: 'False',
                lastTransitionTime: new Date().toISOString(),
              },
            ],
          },
        },
      });
    }
    await waitFor(
      async () =>
        (
          await demoDeployments()
        ).every(d => condition(d, 'Available')?.status === 'False') ||
        undefined,
      { what: 'every demo Deployment unavailable on the stale state' },
    );

    runScript('down.sh');
    const started = performance.now();
    const output = runScript('up.sh');
    expect(output).toContain('cluster up in');
    // eslint-disable-next-line no-console
    console.info(
      `cluster ${CLUSTER}: up.sh on the stale state took ${Math.round(
        performance.now() - started,
      )} ms${output.includes('repairing') ? ' (with repairs)' : ''}`,
    );

    const after = await waitFor(demoHealthy, {
      timeoutMs: RECOVERY_MS,
      what: 'every demo Deployment Available after up.sh',
    });
    expect(after.length).toBeGreaterThanOrEqual(stale.length);
    await expectBrokenPodsStillBroken(broken);
  });
});
