import { Table, TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { EnvironmentSummary } from '@paved/plugin-paved-common';

const columns: TableColumn<EnvironmentSummary>[] = [
  { title: 'Environment', field: 'environment', highlight: true },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Lifecycle',
    field: 'lifecycle',
    render: env => (
      <>
        {env.lifecycle}
        {env.protected && (
          <Chip size="small" label="protected" style={{ marginLeft: 8 }} />
        )}
      </>
    ),
  },
];

/**
 * The environments of the entity's owning teams.
 *
 * @public
 */
export const EnvironmentsCard = (props: {
  environments: EnvironmentSummary[];
}) => (
  <Table<EnvironmentSummary>
    title="Environments"
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={columns}
    data={props.environments}
  />
);
