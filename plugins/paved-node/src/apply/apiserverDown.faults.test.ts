import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import { EnvironmentService } from '../environments/EnvironmentService';
import { readEnvironmentSettings } from '../environments/settings';
import {
  INCOMPLETE_LABEL,
  INCOMPLETE_UNTIL_ANNOTATION,
} from '../environments/incomplete';
import {
  clusterDir,
  createTestEnvironment,
  localAdminClient,
  localClusterEnv,
  repoRoot,
  waitFor,
} from '../testUtils';
import { ApplyEngine } from './ApplyEngine';
import { PartialApplyError, isPartialApplyError } from './PartialApplyError';
import { KubernetesObject } from './types';

/*
 * Fault: the API server of the named cluster `three` is stopped (SIGSTOP of the pid in
 * .cluster-three/pids/kube-apiserver.pid) in the middle of an apply, then resumed (SIGCONT); it is killed
 * (SIGKILL) in the middle of a clone, then started again by `tools/cluster/up.sh --name three` (a stopped
 * server would still carry out the cleanup's deletion it received once resumed, which makes the outcome
 * depend on timing; a killed one refuses it).
 * Expected: the apply fails within its timeout with a message naming the cluster and what was and was not
 * applied, and a rerun converges; a clone leaves its source untouched and no half-made protected target
 * behind: the target is marked incomplete, and a rerun finishes it or the cleanup task deletes it.
 * Only cluster `three` is touched; afterAll resumes its API server and runs `up.sh --name three` when any of
 * its components did not survive.
 */
jest.setTimeout(300_000);

const CLUSTER = 'three';
const TIMEOUT_MS = 3_000;
const RETRY_MS = 2_000;

/** The pid of one component of cluster three, checked to be that component's process. */
function componentPid(component: string): number {
  const file = path.join(clusterDir(CLUSTER), 'pids', `${component}.pid`);
  const pid = Number(fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!cmdline.includes(component)) {
    throw new Error(`pid ${pid} in ${file} is not ${component}`);
  }
  return pid;
}

const stopApiServer = () =>
  process.kill(componentPid('kube-apiserver'), 'SIGSTOP');
const resumeApiServer = () => {
  try {
    process.kill(componentPid('kube-apiserver'), 'SIGCONT');
  } catch {
    // not running: afterAll brings the cluster back up
  }
};

const killApiServer = () =>
  process.kill(componentPid('kube-apiserver'), 'SIGKILL');

/** Starts whatever of cluster three is not running (the API server after a kill). */
const upClusterThree = () =>
  execFileSync(
    'bash',
    [path.join(repoRoot(), 'tools', 'cluster', 'up.sh'), '--name', CLUSTER],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );

function alive(component: string): boolean {
  try {
    process.kill(componentPid(component), 0);
    return true;
  } catch {
    return false;
  }
}

describe('API server of cluster three stopped mid-apply and mid-clone', () => {
  let admin: KubernetesClient;
  let registry: ClusterRegistry;
  let engine: ApplyEngine;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    const env = localClusterEnv(CLUSTER);
    admin = await localAdminClient(CLUSTER);
    registry = ClusterRegistry.fromClusters(
      [
        {
          name: CLUSTER,
          url: env.PAVED_KUBE_API,
          caFile: env.PAVED_KUBE_CA,
          skipTLSVerify: false,
          token: env.PAVED_BACKSTAGE_TOKEN,
          impersonate: true,
        },
      ],
      {
        ...DEFAULT_PAVED_LIMITS,
        timeouts: {
          ...DEFAULT_PAVED_LIMITS.timeouts,
          kubernetesMs: TIMEOUT_MS,
          kubernetesRetryMs: RETRY_MS,
        },
      },
    );
    engine = new ApplyEngine(
      registry,
      readGuardrailPolicy(
        new ConfigReader({ paved: { guardrails: { requireProbes: false } } }),
      ),
    );
  });

  afterAll(async () => {
    resumeApiServer();
    const components = [
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ];
    if (!components.every(alive)) upClusterThree();
    await waitFor(() => admin.request({ path: '/version' }).then(() => true), {
      timeoutMs: 120_000,
      what: `the API server of cluster ${CLUSTER} to be ready again`,
    });
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  });

  const deleteNamespaceLater = (name: string) =>
    cleanups.push(() =>
      admin.request({ method: 'DELETE', path: `/api/v1/namespaces/${name}` }),
    );

  const read = (p: string) =>
    admin.request<KubernetesObject>({ path: p }).catch(error => {
      if (isErrorNamed(error, 'NotFoundError')) return undefined;
      throw error;
    });

  it('an apply stopped after its Namespace names what was and was not applied, within its timeout; a rerun converges', async () => {
    const ns = `fault-apply-${randomBytes(3).toString('hex')}`;
    deleteNamespaceLater(ns);
    const objects: KubernetesObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'quota', namespace: ns },
        spec: { hard: { pods: '5' } },
      },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'limits', namespace: ns },
        spec: {
          limits: [{ type: 'Container', defaultRequest: { cpu: '50m' } }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: ns },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
    ];
    const sources = objects.map((object, i) => ({
      object,
      source: `fault#${i}`,
    }));
    // the dry run of the namespaced objects needs their namespace; Paved's own identity applies them all
    // (it writes environments' namespaces, quotas and policies)
    await admin.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
    const plan = await engine.plan({
      cluster: CLUSTER,
      objects: sources,
      skipGuardrails: true,
      impact: false,
    });
    const started = Date.now();
    let error: unknown;
    try {
      await engine.apply(plan, {
        // the API server stops as soon as the first step (the Namespace) has landed
        onApplied: a => {
          if (a.kind === 'Namespace') stopApiServer();
        },
      });
    } catch (e) {
      error = e;
    } finally {
      resumeApiServer();
    }
    const elapsed = Date.now() - started;
    expect(isPartialApplyError(error)).toBe(true);
    const partial = error as PartialApplyError;
    expect(partial.cluster).toBe(CLUSTER);
    expect(partial.applied.map(a => `${a.kind} ${a.name}`)).toEqual([
      `Namespace ${ns}`,
    ]);
    expect(partial.notApplied.map(r => `${r.kind} ${r.name}`).sort()).toEqual([
      'LimitRange limits',
      'NetworkPolicy deny',
      'ResourceQuota quota',
    ]);
    // the patches sent were never answered, so Paved cannot tell whether they landed, and says so
    const sent = partial.failed.filter(f => f.reason.startsWith('applying '));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every(f => f.mayHaveApplied)).toBe(true);
    expect(partial.message).toContain(
      `Apply to cluster ${CLUSTER} failed after 1 of 4 object(s)`,
    );
    expect(partial.message).toContain(`not applied: `);
    expect(partial.message).toContain(`did not answer`);
    expect(partial.statusCode).toBe(504);
    // one attempt's timeout plus at most the retry budget, with slack for a loaded machine
    expect(elapsed).toBeLessThan(TIMEOUT_MS + RETRY_MS + 10_000);

    await waitFor(() => admin.request({ path: '/version' }).then(() => true), {
      timeoutMs: 60_000,
      what: 'the API server to answer again',
    });
    const rerun = await engine.apply(plan, {});
    expect(rerun.applied).toHaveLength(4);
    await expect(
      read(`/api/v1/namespaces/${ns}/resourcequotas/quota`),
    ).resolves.toMatchObject({
      spec: { hard: { pods: '5' } },
    });
    await expect(
      read(`/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/deny`),
    ).resolves.toMatchObject({ spec: { policyTypes: ['Ingress'] } });
  });

  describe('a clone into a protected environment', () => {
    const run = randomBytes(3).toString('hex');
    const team = `group:default/test-faults-${run}`;
    const admins = `group:default/test-faults-admins-${run}`;
    const actor = { user: `user:default/fault-${run}`, groups: [team, admins] };
    let service: EnvironmentService;
    let source: string;
    let sourceVersions: Awaited<ReturnType<typeof versionsOf>>;

    /**
     * What a clone could change of the source's objects: labels, spec and data, and the generation the API
     * server counts spec changes with (controllers' status updates and annotations are left out).
     */
    async function versionsOf(namespace: string) {
      const paths = [
        `/api/v1/namespaces/${namespace}`,
        `/api/v1/namespaces/${namespace}/configmaps/app-config`,
        `/apis/apps/v1/namespaces/${namespace}/deployments/web`,
      ];
      const found = await Promise.all(paths.map(read));
      return Object.fromEntries(
        paths.map((p, i) => [
          p,
          found[i] && {
            labels: found[i]!.metadata.labels,
            generation: found[i]!.metadata.generation,
            spec: found[i]!.spec,
            data: found[i]!.data,
          },
        ]),
      );
    }

    beforeAll(async () => {
      service = new EnvironmentService(registry, engine, {
        ...readEnvironmentSettings(new ConfigReader({})),
        protectedNames: ['production'],
        platformAdminGroups: [admins],
      });
      const env = await createTestEnvironment(admin, {
        team,
        prefix: 'fault-src',
        backendAccess: true,
        labels: { 'paved.dev/environment': `src-${run}` },
      });
      source = env.name;
      cleanups.push(env.cleanup);
      await admin.request({
        method: 'POST',
        path: `/api/v1/namespaces/${source}/configmaps`,
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'app-config' },
          data: { mode: 'source' },
        },
      });
      await admin.request({
        method: 'POST',
        path: `/apis/apps/v1/namespaces/${source}/deployments`,
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                securityContext: {
                  runAsNonRoot: true,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                containers: [
                  {
                    name: 'web',
                    image: 'registry.example/web:1.0.0',
                    resources: {
                      requests: { cpu: '50m', memory: '64Mi' },
                      limits: { cpu: '100m', memory: '128Mi' },
                    },
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      capabilities: { drop: ['ALL'] },
                    },
                  },
                ],
              },
            },
          },
        },
      });
      sourceVersions = await versionsOf(source);
    });

    const targetSpec = (name: string) => ({
      name,
      team,
      size: 'small',
      lifecycle: 'persistent' as const,
    });

    /** Runs a clone whose API server is killed when `stopWhen` sees a progress line, then starts it again. */
    async function cloneStoppedAt(name: string, stopWhen: RegExp) {
      const lines: string[] = [];
      let stopped = false;
      const started = Date.now();
      try {
        await service.clone({
          cluster: CLUSTER,
          source,
          target: targetSpec(name),
          actor,
          wait: false,
          timeoutMs: 60_000,
          log: line => {
            lines.push(line);
            if (!stopped && stopWhen.test(line)) {
              stopped = true;
              killApiServer();
            }
          },
        });
        return { error: undefined, lines, elapsed: Date.now() - started };
      } catch (error) {
        return { error: error as Error, lines, elapsed: Date.now() - started };
      } finally {
        upClusterThree();
        await waitFor(
          () => admin.request({ path: '/version' }).then(() => true),
          {
            timeoutMs: 60_000,
            what: 'the API server to answer again',
          },
        );
      }
    }

    it('stopped while copying: fails naming the cluster and the half-made target, leaves the source untouched, and a rerun finishes the target', async () => {
      const target = `test-faults-${run}-production`;
      deleteNamespaceLater(target);
      const result = await cloneStoppedAt(
        'production',
        /^Checked \d+ object\(s\) against the guardrails; applying/,
      );
      expect(result.error).toBeDefined();
      expect(result.error!.message).toContain(
        `Apply to cluster ${CLUSTER} failed`,
      );
      expect(result.error!.message).toContain(
        `the half-made environment ${target} on cluster ${CLUSTER} could not be deleted`,
      );
      expect(result.error!.message).toContain(
        `it is marked ${INCOMPLETE_LABEL}`,
      );
      expect(result.elapsed).toBeLessThan(4 * (TIMEOUT_MS + RETRY_MS) + 10_000);
      // the half-made protected target is marked, so nothing takes it for a finished environment
      const halfMade = await read(`/api/v1/namespaces/${target}`);
      expect(halfMade?.metadata.labels).toMatchObject({
        [INCOMPLETE_LABEL]: 'true',
        'paved.dev/protected': 'true',
      });
      expect(await versionsOf(source)).toEqual(sourceVersions);

      const lines: string[] = [];
      const rerun = await service.clone({
        cluster: CLUSTER,
        source,
        target: targetSpec('production'),
        actor,
        wait: false,
        log: line => lines.push(line),
      });
      expect(lines).toContain(
        `Environment ${target} was left half-made by an earlier run; finishing it`,
      );
      expect(rerun.namespace).toBe(target);
      const finished = await read(`/api/v1/namespaces/${target}`);
      expect(finished?.metadata.labels?.[INCOMPLETE_LABEL]).toBeUndefined();
      expect(
        finished?.metadata.annotations?.[INCOMPLETE_UNTIL_ANNOTATION],
      ).toBeUndefined();
      await expect(
        read(`/api/v1/namespaces/${target}/configmaps/app-config`),
      ).resolves.toMatchObject({
        data: { mode: 'source' },
      });
      await expect(
        read(`/apis/apps/v1/namespaces/${target}/deployments/web`),
      ).resolves.toBeDefined();
      await expect(
        read(`/api/v1/namespaces/${target}/resourcequotas/paved-quota`),
      ).resolves.toBeDefined();
      expect(await versionsOf(source)).toEqual(sourceVersions);
    });

    it('stopped while creating the environment: the half-made target is left marked and the cleanup task deletes it once its time is up', async () => {
      const target = `test-faults-${run}-production-b`;
      deleteNamespaceLater(target);
      // the API server stops once the Namespace exists, before its quota, limits, policies and role bindings
      const result = await cloneStoppedAt(
        'production-b',
        new RegExp(`^Namespace ${target} created$`),
      );
      expect(result.error).toBeDefined();
      expect(result.error!.message).toContain(
        `Apply to cluster ${CLUSTER} failed after 1 of`,
      );
      expect(result.error!.message).toContain('ResourceQuota');
      // refused (not sent), or sent to an API server still starting (it may yet carry it out)
      expect(result.error!.message).toMatch(
        /the half-made environment \S+ on cluster three (could not be|may not have been) deleted/,
      );
      const halfMade = await read(`/api/v1/namespaces/${target}`);
      expect(halfMade?.metadata.labels?.[INCOMPLETE_LABEL]).toBe('true');
      const until = Date.parse(
        halfMade!.metadata.annotations![INCOMPLETE_UNTIL_ANNOTATION],
      );
      expect(until).toBeGreaterThan(Date.now());
      expect(await versionsOf(source)).toEqual(sourceVersions);

      // while the clone could still be running, the cleanup leaves it alone
      const early = await service.cleanupExpired({
        cluster: CLUSTER,
        dryRun: true,
      });
      expect(early.map(e => e.namespace)).not.toContain(target);
      // once its time is up, the cleanup deletes it as abandoned, protected or not (anything else due on
      // cluster three by then is a leftover of an interrupted fault run, which goes too)
      const reasons = new Map<string, string>();
      const deleted = await service.cleanupExpired({
        cluster: CLUSTER,
        now: new Date(until + 1_000),
        onDelete: (env, reason) => {
          reasons.set(env.namespace, reason);
        },
      });
      expect(deleted.map(e => e.namespace)).toContain(target);
      expect(reasons.get(target)).toBe('abandoned');
      await waitFor(
        async () => {
          const ns = await read(`/api/v1/namespaces/${target}`);
          return !ns || ns.metadata.deletionTimestamp ? true : undefined;
        },
        { timeoutMs: 60_000, what: `${target} to be deleted` },
      );
      expect(await versionsOf(source)).toEqual(sourceVersions);
    });
  });
});
