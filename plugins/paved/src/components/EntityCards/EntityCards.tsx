import { InfoCard, Progress } from '@backstage/core-components';
import { ReactNode } from 'react';
import { EntityPlatformOverview } from '@paved/plugin-paved-common';
import { useEntityOverview } from '../../hooks/useEntityOverview';
import { ErrorPanel } from '../ErrorPanel';
import { EnvironmentsCard } from '../EnvironmentsCard';
import { WorkloadsCard } from '../WorkloadsCard';
import { LogsCard } from '../LogsCard';

/** Renders `children` with the entity's overview once loaded; a titled card while loading or failing. */
const WithOverview = (props: {
  title: string;
  children: (overview: EntityPlatformOverview) => ReactNode;
}) => {
  const { value, loading, error } = useEntityOverview();
  if (loading) {
    return (
      <InfoCard title={props.title}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title={props.title}>
        <ErrorPanel
          error={error ?? new Error('The overview could not be loaded')}
        />
      </InfoCard>
    );
  }
  return <>{props.children(value)}</>;
};

/**
 * The entity's environments, loading them itself: for entity pages composed card by card.
 *
 * @public
 */
export const EntityEnvironmentsCard = () => (
  <WithOverview title="Environments">
    {o => (
      <EnvironmentsCard environments={o.environments} workloads={o.workloads} />
    )}
  </WithOverview>
);

/**
 * The entity's workloads and their health, loading them itself.
 *
 * @public
 */
export const EntityWorkloadsCard = () => (
  <WithOverview title="Workloads">
    {o => <WorkloadsCard workloads={o.workloads} />}
  </WithOverview>
);

/**
 * The entity's logs with filters and live follow, offering the entity's environments as a filter.
 *
 * @public
 */
export const EntityLogsCard = () => (
  <WithOverview title="Logs">
    {o => (
      <LogsCard
        environments={[...new Set(o.environments.map(e => e.environment))]}
      />
    )}
  </WithOverview>
);
