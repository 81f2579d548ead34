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
import { useTheme } from '@material-ui/core/styles';
import {
  CopyLinkButton,
  describeRange,
  eventWindow,
  formatMoment,
  usePlatformView,
  useScrollToLinked,
  useViewNow,
} from '../PlatformView';
import { eventId, eventsIn } from './eventWindow';

const columnsFor = (linked?: string): TableColumn<EntityEvent>[] => [
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
  {
    title: 'Link',
    render: e => (
      <span
        data-testid={
          linked && eventId(e) === linked
            ? 'paved-event-highlighted'
            : 'paved-event'
        }
        aria-current={linked && eventId(e) === linked ? 'true' : undefined}
      >
        <CopyLinkButton what="this event" change={{ event: eventId(e) }} />
      </span>
    ),
  },
];

/**
 * Events about the entity's workloads, ReplicaSets and pods, warnings first; routine events of a
 * workload's pods (one per replica) are one row.
 *
 * @public
 */
export const EventsCard = () => {
  const [view] = usePlatformView();
  const now = useViewNow(view);
  const window = eventWindow(view, now);
  const { value, loading, error } = useEntityEvents();
  const theme = useTheme();
  useScrollToLinked(
    '[data-testid="paved-event-highlighted"]',
    view.event,
    value,
  );
  if (loading) return <Progress />;
  if (error) return <ErrorPanel error={error} />;
  const all = value?.events ?? [];
  const events = eventsIn(all, window, view.event);
  const total = value?.total ?? all.length;
  const where =
    view.at !== undefined
      ? `around ${formatMoment(view.at)}`
      : `in the ${describeRange(view)}`;
  return (
    <>
      <UnavailableClustersWarning clusters={value?.unavailableClusters} />
      <Table<EntityEvent>
        title="Events"
        subtitle={
          total > all.length
            ? `${events.length} ${where}, of the ${all.length} most important of ${total}`
            : `${events.length} ${where}`
        }
        options={{
          paging: true,
          pageSize: 10,
          search: false,
          padding: 'dense',
          draggable: false,
          rowStyle: (e: EntityEvent) =>
            view.event && eventId(e) === view.event
              ? {
                  outline: `2px solid ${theme.palette.primary.main}`,
                  outlineOffset: -2,
                }
              : {},
        }}
        columns={columnsFor(view.event)}
        data={events}
        emptyContent={
          <div style={{ padding: 16 }}>
            No events about this entity&apos;s objects {where}.
          </div>
        }
      />
    </>
  );
};
