import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { EnvironmentHealth } from '@paved/plugin-paved-common';

/** A rollout state with Backstage's status colours and its name in words. */
export const RolloutState = ({
  rollout,
}: {
  rollout: EnvironmentHealth['rollout'];
}) => {
  switch (rollout) {
    case 'failed':
      return <StatusError>failed</StatusError>;
    case 'progressing':
      return <StatusPending>progressing</StatusPending>;
    case 'complete':
      return <StatusOK>complete</StatusOK>;
    case 'scaled-down':
      return <StatusAborted>scaled down</StatusAborted>;
    default:
      return <StatusAborted>no workload</StatusAborted>;
  }
};
