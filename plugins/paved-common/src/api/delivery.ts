import type { PartialClusterAnswer } from './clusters';

/**
 * How one environment delivered by GitOps (Flux) stands: whether the commit Flux fetched from the deploy
 * repository is the one applied, or why not.
 *
 * @public
 */
export interface EnvironmentDelivery {
  cluster: string;
  namespace: string;
  environment: string;
  /**
   * `ready`: the fetched commit is applied and its workloads are healthy; `reconciling`: Flux is at it;
   * `failing`: the fetch or the apply failed (`reason` and `message` are Flux's).
   */
  state: 'ready' | 'reconciling' | 'failing';
  /** The commit Flux fetched last (full SHA). */
  fetchedCommit?: string;
  /** The commit Flux applied last (full SHA): what the environment runs. */
  appliedCommit?: string;
  reason?: string;
  message?: string;
}

/**
 * `GET …/delivery`: the entity's environments that are delivered by GitOps, in the order of the environments.
 * Environments applied directly are not listed.
 *
 * @public
 */
export interface EntityDelivery extends PartialClusterAnswer {
  environments: EnvironmentDelivery[];
}
