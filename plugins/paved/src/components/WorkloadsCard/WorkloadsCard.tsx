import {
  StatusOK,
  StatusPending,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { LivePodChange, WorkloadSummary } from '@paved/plugin-paved-common';
import { DenseTable } from '../DenseTable';
import {
  EntityLiveState,
  liveWorkloadKey,
  useEntityLive,
} from '../../hooks/useEntityLive';

/** A workload as shown: its ready count from live updates when they told one, and its pods not ready now. */
type ShownWorkload = WorkloadSummary & { notReady: LivePodChange[] };

function ReadyStatus({ workload }: { workload: ShownWorkload }) {
  if (workload.desired === undefined) {
    return <>—</>;
  }
  const text = `${workload.ready ?? 0}/${workload.desired} ready`;
  if ((workload.ready ?? 0) >= workload.desired) {
    return <StatusOK>{text}</StatusOK>;
  }
  return (workload.ready ?? 0) > 0 ? (
    <StatusWarning>{text}</StatusWarning>
  ) : (
    <StatusPending>{text}</StatusPending>
  );
}

function NotReadyPods({ pods }: { pods: LivePodChange[] }) {
  if (pods.length === 0) return null;
  return (
    <Typography variant="caption" display="block" data-testid="live-not-ready">
      {pods.map(p => `${p.pod}${p.reason ? `: ${p.reason}` : ''}`).join(', ')}
    </Typography>
  );
}

const columns: TableColumn<ShownWorkload>[] = [
  { title: 'Environment', field: 'environment', highlight: true },
  { title: 'Kind', field: 'kind' },
  { title: 'Name', field: 'name' },
  {
    title: 'Ready',
    render: w => (
      <>
        <ReadyStatus workload={w} />
        <NotReadyPods pods={w.notReady} />
      </>
    ),
  },
];

/** The workloads with what live updates told since they were loaded. */
function withLive(
  workloads: WorkloadSummary[],
  live: EntityLiveState,
): ShownWorkload[] {
  const pods = Object.values(live.pods);
  return workloads.map(w => {
    const ready = live.workloads[liveWorkloadKey(w)];
    return {
      ...w,
      ...(ready !== undefined && w.desired !== undefined ? { ready } : {}),
      notReady: pods.filter(
        p =>
          !p.ready &&
          p.cluster === w.cluster &&
          p.namespace === w.namespace &&
          p.workload?.kind === w.kind &&
          p.workload.name === w.name,
      ),
    };
  });
}

/**
 * The entity's workloads in every environment, with their readiness. On an entity's page, readiness
 * follows the cluster live (over Backstage Signals, when the app has them): a pod that stops being ready
 * shows at once, with why.
 *
 * @public
 */
export const WorkloadsCard = (props: { workloads: WorkloadSummary[] }) => {
  const { entity } = useAsyncEntity();
  const live = useEntityLive(entity);
  return (
    <DenseTable<ShownWorkload>
      title="Workloads"
      columns={columns}
      data={withLive(props.workloads, live)}
    />
  );
};
