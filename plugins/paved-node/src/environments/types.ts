import type { RevisionSource } from '@paved/plugin-paved-common';
import type { RevisionRecorder } from '../revisions/recordRevision';
import { EnvironmentSummary } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { ClusterIdentity } from '../cluster/types';
import { ImageOverride, SecretPolicy } from './cloneObjects';
import { EnvironmentSpec } from './environmentObjects';

/**
 * Where an environment operation reports what it does, line by line (a scaffolder task log, for example).
 *
 * @public
 */
export type EnvironmentLog = (line: string) => void;

/**
 * What every environment operation is asked with: the cluster, the acting user, and where progress lines go.
 *
 * @public
 */
export interface EnvironmentRequest {
  cluster: string;
  actor: ClusterIdentity;
  log?: EnvironmentLog;
  /** Stops the operation (a cancelled task, a shutting-down backend); what it made is cleaned up. */
  signal?: AbortSignal;
}

/**
 * What to create: the environment's spec on a cluster, for the acting user.
 *
 * @public
 */
export interface EnvironmentCreateRequest extends EnvironmentRequest {
  spec: EnvironmentSpec;
}

/**
 * What to delete: an environment's namespace on a cluster, for the acting user; `wait` (default true) waits
 * until the namespace is gone.
 *
 * @public
 */
export interface EnvironmentDeleteRequest extends EnvironmentRequest {
  namespace: string;
  wait?: boolean;
}

/**
 * Why the cleanup deletes an environment: it is an `expired` ephemeral one, or an `abandoned` half-made one
 * (marked incomplete by a create or clone that failed and could not remove it, past its time).
 *
 * @public
 */
export type EnvironmentCleanupReason = 'expired' | 'abandoned';

/**
 * Which cluster to clean up, as of when (`now`, default the current time); `dryRun` only reports, and
 * `onDelete` hears of each environment after it is deleted (or would be), and why. `signal` stops the
 * cleanup between deletions (a scheduled task's abort signal).
 *
 * @public
 */
export interface EnvironmentCleanupRequest {
  cluster: string;
  now?: Date;
  dryRun?: boolean;
  onDelete?: (
    environment: EnvironmentSummary,
    reason: EnvironmentCleanupReason,
  ) => Promise<void> | void;
  signal?: AbortSignal;
}

/**
 * What to clone: the source environment, the target's spec, how to transform the copies, and who reads the
 * source.
 *
 * @public
 */
export interface EnvironmentCloneRequest {
  /** The cluster of the source environment. */
  cluster: string;
  /** The cluster the new environment is made on, when not the source's (a clone across clusters). */
  targetCluster?: string;
  source: string;
  target: EnvironmentSpec;
  actor: ClusterIdentity;
  replicas?: number;
  secretPolicy?: SecretPolicy;
  hostRewrite?: { from: string; to: string };
  /** Images the copies run instead of the source's, per component. */
  images?: ImageOverride[];
  log?: (line: string) => void;
}

/**
 * A clone worked out but not run: the target environment and the objects to copy into it. Plain data, so
 * it can be stored (with an approval request) and run later by `EnvironmentService.runClone`.
 *
 * @public
 */
export interface EnvironmentClonePlan {
  /** The cluster the new environment is made on. */
  cluster: string;
  /** The cluster the source was read from, when not `cluster` (a clone across clusters). */
  sourceCluster?: string;
  source: string;
  target: EnvironmentSpec;
  targetNamespace: string;
  secretPolicy: SecretPolicy;
  objects: KubernetesObject[];
  notes: string[];
}

/**
 * How to run a clone plan: as whom, whether to keep a half-made target on failure, whether (and how long) to
 * wait for rollouts, and the environments Paved's permissions already allow the actor to change.
 *
 * @public
 */
export interface EnvironmentCloneRunOptions {
  actor: ClusterIdentity;
  keepOnFailure?: boolean;
  wait?: boolean;
  timeoutMs?: number;
  log?: EnvironmentLog;
  authorizedNamespaces?: string[];
  /** Where the clone's revision is recorded (revision 1 of the new environment), when given. */
  revisions?: RevisionRecorder;
  /** How the revision names its origin; default `{ kind: 'clone' }`. */
  revisionSource?: RevisionSource;
  /** Stops the clone (a cancelled task, a shutting-down backend); the half-made target is removed. */
  signal?: AbortSignal;
}
