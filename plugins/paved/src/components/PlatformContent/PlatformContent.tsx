import { ComponentProps } from 'react';
import { EmptyState, Progress, WarningPanel } from '@backstage/core-components';
import { ErrorPanel } from '../ErrorPanel';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  PlatformPageProvider,
  WhenVisible,
  usePlatformPage,
} from '../PlatformPage';
import { EnvironmentsCard } from '../EnvironmentsCard';
import { useEntityDelivery } from '../../hooks/useEntityDelivery';
import { WorkloadsCard } from '../WorkloadsCard';
import { LogsCard } from '../LogsCard';
import { EventsCard } from '../EventsCard';
import { TracesCard } from '../TracesCard';
import { MetricsCard } from '../MetricsCard';
import { CostCard } from '../CostCard';
import { TroubleshootingCard } from '../TroubleshootingCard';
import { ApprovalsCard } from '../ApprovalsCard';
import { SECRETS_CARD_ANCHOR, SecretsCard } from '../SecretsCard';
import { RevisionsCard } from '../RevisionsCard';
import { DRIFT_CARD_ANCHOR, DriftCard } from '../DriftCard';
import { unavailableTitle } from '../UnavailableClustersWarning';
import Paper from '@material-ui/core/Paper';
import { HealthCard } from '../HealthCard';
import {
  Section,
  SectionNav,
  CopyLinkButton,
  TabRangeProvider,
  TimeRangePicker,
  rangeWindow,
  usePlatformView,
  useViewNow,
} from '../PlatformView';

/**
 * The parts the tab's first request asks for: those of the cards above the fold (health, troubleshooting). The cards further down
 * (metrics, revisions, drift, secrets, cost, logs, events) read their own data after the first paint: when
 * scrolled into view, or a second after it.
 */
const FIRST_PAINT = ['diagnoses', 'health'] as const;

/** The Environments card with how each environment is delivered, read once the first paint has answered. */
const EnvironmentsWithDelivery = (
  props: Pick<
    ComponentProps<typeof EnvironmentsCard>,
    'environments' | 'workloads'
  >,
) => <EnvironmentsCard {...props} delivery={useEntityDelivery()} />;

/** The tab's cards, once the first request has answered the overview. */
const PlatformCards = () => {
  const { value: page, loading, error } = usePlatformPage()!;
  const [view, setView] = usePlatformView();
  const now = useViewNow(view);
  const value = page?.overview;

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  const troubled = value.clusters.filter(c => !c.reachable || c.error);
  // a cluster that is down is named with why (timed out, unreachable, credentials refused, breaker open)
  const missing = new Map(
    (value.unavailableClusters ?? []).map(u => [u.cluster, u]),
  );
  const troubleTitle = (c: (typeof troubled)[number]) => {
    if (c.reachable) {
      return `Some environments on cluster ${c.name} could not be read`;
    }
    const unavailable = missing.get(c.name);
    return unavailable
      ? unavailableTitle([unavailable])
      : `Cluster ${c.name} could not be read`;
  };
  const warnings = troubled.map(c => (
    <Grid item xs={12} key={c.name}>
      <WarningPanel
        severity="warning"
        title={troubleTitle(c)}
        message={c.error}
      />
    </Grid>
  ));
  if (value.gaps.length > 0) {
    return (
      <Grid container spacing={3}>
        {warnings}
        <Grid item xs={12}>
          <EmptyState
            missing="info"
            title="Nothing runs here yet"
            description={
              <>
                {value.gaps.map(gap => (
                  <Typography
                    key={gap.kind}
                    paragraph
                    data-testid={`gap-${gap.kind}`}
                  >
                    {gap.message}
                  </Typography>
                ))}
              </>
            }
          />
        </Grid>
      </Grid>
    );
  }
  return (
    <Grid container spacing={3} data-testid="paved-platform-tab">
      <Grid item xs={12}>
        <Paper
          variant="outlined"
          style={{ padding: '8px 16px', display: 'grid', gap: 8 }}
        >
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <TimeRangePicker view={view} onChange={setView} />
            <span style={{ marginLeft: 'auto' }}>
              <CopyLinkButton what="this view" change={{}} />
            </span>
          </div>
          <SectionNav view={view} onChange={setView} />
        </Paper>
      </Grid>
      {warnings}
      <Grid item xs={12}>
        <Section id="health" view={view}>
          <HealthCard />
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="environments" view={view}>
          <EnvironmentsWithDelivery
            environments={value.environments}
            workloads={value.workloads}
          />
          <div style={{ height: 24 }} />
          <WorkloadsCard workloads={value.workloads} />
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="troubleshooting" view={view}>
          <TroubleshootingCard />
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="changes" view={view}>
          {value.environments.length > 0 && (
            <>
              <ApprovalsCard
                namespaces={value.environments
                  .filter(e => e.protected)
                  .map(e => e.namespace)}
                teams={[...new Set(value.environments.map(e => e.team))]}
              />
              <div style={{ height: 24 }} />
            </>
          )}
          <WhenVisible>
            <RevisionsCard />
          </WhenVisible>
          <div style={{ height: 24 }} />
          <WhenVisible anchor={DRIFT_CARD_ANCHOR}>
            <DriftCard />
          </WhenVisible>
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="secrets" view={view}>
          <WhenVisible anchor={SECRETS_CARD_ANCHOR}>
            <SecretsCard />
          </WhenVisible>
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="metrics" view={view}>
          <WhenVisible>
            <MetricsCard />
          </WhenVisible>
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="cost" view={view}>
          <TabRangeProvider window={rangeWindow(view, now)}>
            <WhenVisible>
              <CostCard />
            </WhenVisible>
          </TabRangeProvider>
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="traces" view={view}>
          <WhenVisible>
            <TracesCard
              environments={[
                ...new Set(value.environments.map(e => e.environment)),
              ]}
            />
          </WhenVisible>
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="logs" view={view}>
          <WhenVisible>
            <LogsCard
              environments={[
                ...new Set(value.environments.map(e => e.environment)),
              ]}
            />
          </WhenVisible>
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section id="events" view={view}>
          <WhenVisible>
            <EventsCard />
          </WhenVisible>
        </Section>
      </Grid>
    </Grid>
  );
};

/**
 * The Platform tab of an entity page: its environments and workloads, or what is missing before they
 * can be shown.
 *
 * @public
 */
export const PlatformContent = () => (
  <PlatformPageProvider parts={FIRST_PAINT}>
    <PlatformCards />
  </PlatformPageProvider>
);
