import { InfoCard, Progress } from '@backstage/core-components';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EnvironmentHealth } from '@paved/plugin-paved-common';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import { useEntityHealth } from '../../hooks/useEntityHealth';
import {
  PlatformViewState,
  describeRange,
  goToSection,
  sectionAnchor,
  usePlatformView,
} from '../PlatformView';
import { RolloutState } from './RolloutState';
import { compare } from './compare';
import { formatMoney } from '../CostCard/format';
import { diagnosisId } from '../TroubleshootingCard/diagnosisId';
import { formatMillis, formatPercent } from '../MetricsCard/format';

const percent = formatPercent;
const millis = formatMillis;

/** A link to a section of the tab (and, optionally, a diagnosis in it). */
const SectionLink = (props: {
  section: string;
  change?: Partial<PlatformViewState>;
  onChange: (change: Partial<PlatformViewState>) => void;
  children: React.ReactNode;
  label?: string;
}) => (
  <Link
    href={`#${sectionAnchor(props.section)}`}
    aria-label={props.label}
    onClick={(event: React.MouseEvent) => {
      event.preventDefault();
      props.onChange({ section: props.section, ...props.change });
      goToSection(props.section);
    }}
  >
    {props.children}
  </Link>
);

const SEVERITY: Record<EnvironmentHealth['rollout'], number> = {
  failed: 0,
  progressing: 1,
  complete: 2,
  'scaled-down': 3,
  none: 4,
};

/** Environments in trouble first (failed, then progressing), then by name. */
export const bySeverity = (environments: EnvironmentHealth[]) =>
  [...environments].sort(
    (a, b) =>
      SEVERITY[a.rollout] - SEVERITY[b.rollout] ||
      b.diagnoses - a.diagnoses ||
      a.environment.localeCompare(b.environment),
  );

const since = (at: string) => {
  const minutes = Math.round((Date.now() - Date.parse(at)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
};

const HealthRow = (props: {
  env: EnvironmentHealth;
  onChange: (change: Partial<PlatformViewState>) => void;
}) => {
  const { env, onChange } = props;
  const top = env.topDiagnosis;
  return (
    <TableRow data-testid="paved-health-row" data-environment={env.environment}>
      <TableCell component="th" scope="row">
        <SectionLink section="environments" onChange={onChange}>
          {env.environment}
        </SectionLink>
        {env.protected && (
          <Typography variant="caption" component="div" color="textSecondary">
            protected
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <RolloutState rollout={env.rollout} />
      </TableCell>
      <TableCell>
        {env.ready}/{env.desired}
      </TableCell>
      <TableCell>
        {env.errorRatio ? (
          <SectionLink section="metrics" onChange={onChange}>
            {compare(env.errorRatio, percent, 'higher-is-worse')}
          </SectionLink>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        {env.p95Seconds ? (
          <SectionLink section="metrics" onChange={onChange}>
            {compare(env.p95Seconds, millis, 'higher-is-worse')}
          </SectionLink>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell data-testid="paved-health-diagnoses">
        {env.diagnoses === 0 || !top ? (
          'none'
        ) : (
          <SectionLink
            section="troubleshooting"
            onChange={onChange}
            change={{
              diagnosis: diagnosisId({ ...top, environment: env.environment }),
            }}
          >
            {top.kind}: {top.object.kind} {top.object.name}
            {env.diagnoses > 1 ? ` (+${env.diagnoses - 1} more)` : ''}
          </SectionLink>
        )}
      </TableCell>
      <TableCell>
        {env.lastChange ? (
          <SectionLink section="changes" onChange={onChange}>
            {env.lastChange.actor.replace(/^user:(default\/)?/, '')},{' '}
            {since(env.lastChange.at)}
            {env.lastChange.revision !== undefined
              ? ` (revision ${env.lastChange.revision})`
              : ''}
          </SectionLink>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        {env.monthToDateCost ? (
          <SectionLink section="cost" onChange={onChange}>
            {formatMoney(
              env.monthToDateCost.amount,
              env.monthToDateCost.currency,
            )}
          </SectionLink>
        ) : (
          '—'
        )}
      </TableCell>
    </TableRow>
  );
};

/**
 * The top of the Platform tab: one line per environment — rollout, ready/desired, error rate and p95
 * against the period before, open diagnoses, last change, month-to-date cost — each linking to its detail.
 *
 * @public
 */
export const HealthCard = () => {
  const [view, setView] = usePlatformView();
  const { value, loading, error } = useEntityHealth(view);
  return (
    <InfoCard
      title="Health"
      subheader={`Compared with the period before the ${describeRange(view)}`}
    >
      {loading && <Progress />}
      {error && <ErrorPanel error={error} />}
      <UnavailableClustersWarning clusters={value?.unavailableClusters} />
      {value?.notices?.map(n => (
        <Typography key={n} variant="body2" color="textSecondary">
          {n}
        </Typography>
      ))}
      {value && value.environments.length === 0 && (
        <Typography>
          No environment of this entity runs anything yet.
        </Typography>
      )}
      {value && value.environments.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <Table
            size="small"
            aria-label="Health per environment"
            data-testid="paved-health"
          >
            <TableHead>
              <TableRow>
                <TableCell>Environment</TableCell>
                <TableCell>Rollout</TableCell>
                <TableCell>Ready</TableCell>
                <TableCell>Errors</TableCell>
                <TableCell>p95</TableCell>
                <TableCell>Diagnoses</TableCell>
                <TableCell>Last change</TableCell>
                <TableCell>Cost this month</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {bySeverity(value.environments).map(env => (
                <HealthRow
                  key={`${env.cluster}/${env.namespace}`}
                  env={env}
                  onChange={setView}
                />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </InfoCard>
  );
};
