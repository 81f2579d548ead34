import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_ID_ANNOTATION } from '../../../plugins/paved-common/src';

/**
 * The entity bench's scenario: the component, its team and user, its environments and Deployments, and
 * the knobs (`BENCH_RUNS`, `BENCH_WARMUP`, `BENCH_PODS_PER_ENV`, `BENCH_KEEP`).
 */

/** Measured rounds. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 50);
/** Warm-up rounds before them. */
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
/** Pods per environment (the two Deployments share them). */
export const PODS_PER_ENV = Number(process.env.BENCH_PODS_PER_ENV ?? 20);
/** Keep the namespaces afterwards. */
export const KEEP = process.env.BENCH_KEEP === '1';
/** Goal: p95 of every Paved call, milliseconds. */
export const GOAL_P95_MS = 150;
/** Goal (issue 17): the Platform tab's compressed first-paint bytes as a share of the Kubernetes tab's. */
export const GOAL_GZIP_RATIO = 1 / 10;

/** The component's `backstage.io/kubernetes-id` and name. */
export const ID = 'bench-shop';
export const TEAM = 'group:default/team-checkout';
/** The user every call is made as: a member of {@link TEAM}. */
export const USER = 'user:default/bob';
export const ENVIRONMENTS = ['dev', 'staging', 'production'];
export const DEPLOYMENTS = ['bench-shop-api', 'bench-shop-worker'];
/** The golden-signals range the Metrics card opens with, and its points per series once that much history exists. */
export const RANGE_POINTS = 61;
/** Lines the Logs card asks for when it opens (plugins/paved/src/components/LogsCard). */
export const LOGS_TAIL = 30;

/** The catalog entity of the component, owned by {@link TEAM}. */
export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: { [KUBERNETES_ID_ANNOTATION]: ID },
  },
  spec: { type: 'service', lifecycle: 'production', owner: TEAM },
  relations: [{ type: 'ownedBy', targetRef: TEAM }],
};

/** A bench environment: its namespace, environment name, and how to delete it. */
export interface Env {
  name: string;
  environment: string;
  cleanup: () => Promise<void>;
}
