import {
  Progress,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import { EntityEvent } from '@paved/plugin-paved-common';
import { useEntityEvents } from '../../hooks/useEntityEvents';

const columns: TableColumn<EntityEvent>[] = [
  {
    title: 'Type',
    field: 'type',
    render: e =>
      e.type === 'Warning' ? (
        <StatusWarning>Warning</StatusWarning>
      ) : (
        <StatusOK>{e.type}</StatusOK>
      ),
  },
  { title: 'Reason', field: 'reason' },
  {
    title: 'Object',
    render: e =>
      e.objects && e.objects > 1
        ? `${e.objects} ${e.object.kind}s of ${e.workload ?? e.object.name}`
        : `${e.object.kind} ${e.object.name}`,
  },
  { title: 'Environment', field: 'environment' },
  { title: 'Message', field: 'message' },
  { title: 'Count', field: 'count' },
  { title: 'Last seen', field: 'lastSeen' },
];

/**
 * Events about the entity's workloads, ReplicaSets and pods, warnings first; routine events of a
 * workload's pods (one per replica) are one row.
 *
 * @public
 */
export const EventsCard = () => {
  const { value, loading, error } = useEntityEvents();
  if (loading) return <Progress />;
  if (error) return <ErrorPanel error={error} />;
  const events = value?.events ?? [];
  const total = value?.total ?? events.length;
  return (
    <>
      <UnavailableClustersWarning clusters={value?.unavailableClusters} />
      <Table<EntityEvent>
        title="Events"
        subtitle={
          total > events.length
            ? `The ${events.length} most important of ${total}`
            : undefined
        }
        options={{
          paging: true,
          pageSize: 10,
          search: false,
          padding: 'dense',
        }}
        columns={columns}
        data={events}
        emptyContent={
          <div style={{ padding: 16 }}>
            No events about this entity&apos;s objects in the last hour.
          </div>
        }
      />
    </>
  );
};
