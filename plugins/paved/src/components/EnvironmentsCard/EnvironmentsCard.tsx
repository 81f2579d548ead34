import {
  Link,
  LinkButton,
  StatusOK,
  StatusPending,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import {
  EnvironmentSummary,
  WorkloadSummary,
} from '@paved/plugin-paved-common';
import { DenseTable } from '../DenseTable';

/** Path of the clone template in the scaffolder. */
export const CLONE_TEMPLATE_PATH =
  '/create/templates/default/clone-environment';

/** Link that opens the clone template pre-filled with this environment as the source. */
export function cloneLink(env: EnvironmentSummary): string {
  const formData = {
    cluster: env.cluster,
    source: env.namespace,
    team: env.team,
  };
  return `${CLONE_TEMPLATE_PATH}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

function expiry(expiresAt: string, now: number): string {
  const hours = Math.round((Date.parse(expiresAt) - now) / 3600_000);
  if (hours <= 0) return 'expired; deleted at the next cleanup';
  return hours < 48
    ? `expires in ${hours} h`
    : `expires in ${Math.round(hours / 24)} days`;
}

function Health({ workloads }: { workloads: WorkloadSummary[] }) {
  const counted = workloads.filter(w => w.desired !== undefined);
  if (counted.length === 0)
    return <StatusPending>no workloads of this entity</StatusPending>;
  const ready = counted.filter(w => (w.ready ?? 0) >= (w.desired ?? 0)).length;
  const text = `${ready}/${counted.length} workload(s) ready`;
  return ready === counted.length ? (
    <StatusOK>{text}</StatusOK>
  ) : (
    <StatusWarning>{text}</StatusWarning>
  );
}

/**
 * The environments of the entity's owning teams: lifecycle, expiry, the pull request a preview was made for,
 * health of the entity's workloads in each, and a Clone button that opens the clone template pre-filled.
 *
 * @public
 */
export const EnvironmentsCard = (props: {
  environments: EnvironmentSummary[];
  workloads?: WorkloadSummary[];
  now?: number;
}) => {
  const now = props.now ?? Date.now();
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
          {env.pullRequest && (
            <div>
              <Link to={env.pullRequest}>
                preview of pull request #
                {/(\d+)\/?$/.exec(env.pullRequest)?.[1] ?? '?'}
              </Link>
            </div>
          )}
          {env.expiresAt && <div>{expiry(env.expiresAt, now)}</div>}
        </>
      ),
    },
    {
      title: 'Status',
      render: env => (
        <Health
          workloads={(props.workloads ?? []).filter(
            w => w.cluster === env.cluster && w.namespace === env.namespace,
          )}
        />
      ),
    },
    {
      title: 'Actions',
      sorting: false,
      render: env => (
        <LinkButton
          size="small"
          variant="outlined"
          to={cloneLink(env)}
          aria-label={`Clone ${env.namespace}`}
        >
          Clone
        </LinkButton>
      ),
    },
  ];
  return (
    <DenseTable<EnvironmentSummary>
      title="Environments"
      columns={columns}
      data={props.environments}
    />
  );
};
