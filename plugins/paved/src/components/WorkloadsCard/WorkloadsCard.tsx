import {
  StatusOK,
  StatusPending,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import { WorkloadSummary } from '@paved/plugin-paved-common';
import { DenseTable } from '../DenseTable';

function ReadyStatus({ workload }: { workload: WorkloadSummary }) {
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

const columns: TableColumn<WorkloadSummary>[] = [
  { title: 'Environment', field: 'environment', highlight: true },
  { title: 'Kind', field: 'kind' },
  { title: 'Name', field: 'name' },
  { title: 'Ready', render: w => <ReadyStatus workload={w} /> },
];

/**
 * The entity's workloads in every environment, with their readiness.
 *
 * @public
 */
export const WorkloadsCard = (props: { workloads: WorkloadSummary[] }) => (
  <DenseTable<WorkloadSummary>
    title="Workloads"
    columns={columns}
    data={props.workloads}
  />
);
