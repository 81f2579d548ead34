import {
  Link,
  LinkButton,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityDelivery,
  EnvironmentDelivery,
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
 * The loading state of the entity's GitOps delivery, as the Environments card takes it.
 *
 * @public
 */
export interface DeliveryState {
  loading: boolean;
  error?: Error;
  value?: EntityDelivery;
}

const useStyles = makeStyles({
  message: {
    maxWidth: 360,
    overflow: 'hidden',
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    wordBreak: 'break-word',
  },
});

const short = (commit?: string) => (commit ? commit.slice(0, 7) : 'none yet');

/** How an environment's manifests reach it: applied by Paved, or Flux's state of its deploy repository. */
function Delivery(props: { env: EnvironmentSummary; state: DeliveryState }) {
  const { env, state } = props;
  const classes = useStyles();
  if (state.loading) return <StatusPending>reading delivery…</StatusPending>;
  if (state.error) {
    return (
      <StatusError>
        delivery could not be read: {state.error.message}
      </StatusError>
    );
  }
  const found: EnvironmentDelivery | undefined = state.value?.environments.find(
    d => d.cluster === env.cluster && d.namespace === env.namespace,
  );
  if (!found) {
    const unavailable = state.value?.unavailableClusters?.some(
      c => c.cluster === env.cluster,
    );
    return unavailable ? (
      <StatusWarning>cluster unreachable</StatusWarning>
    ) : (
      <>applied by Paved</>
    );
  }
  const commit = found.appliedCommit
    ? `GitOps at ${short(found.appliedCommit)}`
    : 'GitOps, nothing applied yet';
  if (found.state === 'ready') return <StatusOK>{commit}, reconciled</StatusOK>;
  if (found.state === 'reconciling') {
    return (
      <StatusRunning>
        {commit}, reconciling {short(found.fetchedCommit)}
      </StatusRunning>
    );
  }
  return (
    <>
      <StatusError>
        {commit}; Flux failed
        {found.fetchedCommit ? ` at ${short(found.fetchedCommit)}` : ''}:{' '}
        {found.reason ?? 'unknown reason'}
      </StatusError>
      {found.message && (
        // Flux's messages run long (a clone URL, a whole server answer): three lines, all of it on hover
        <Typography
          variant="caption"
          component="div"
          title={found.message}
          className={classes.message}
        >
          {found.message}
        </Typography>
      )}
    </>
  );
}

/**
 * The environments of the entity's owning teams: lifecycle, expiry, the pull request a preview was made for,
 * health of the entity's workloads in each, how each is delivered (applied by Paved, or GitOps with the commit it
 * runs and Flux's state or failure reason, when `delivery` is given), and a Clone button that opens the clone
 * template pre-filled.
 *
 * @public
 */
export const EnvironmentsCard = (props: {
  environments: EnvironmentSummary[];
  workloads?: WorkloadSummary[];
  /** The entity's GitOps delivery; without it the card has no Delivery column. */
  delivery?: DeliveryState;
  now?: number;
}) => {
  const { delivery } = props;
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
    ...(delivery
      ? [
          {
            title: 'Delivery',
            sorting: false,
            render: (env: EnvironmentSummary) => (
              <Delivery env={env} state={delivery} />
            ),
          },
        ]
      : []),
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
