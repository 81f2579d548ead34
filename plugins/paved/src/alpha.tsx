import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import HistoryIcon from '@material-ui/icons/History';
import { ENVIRONMENT_ENTITY_TYPE } from '@paved/plugin-paved-common';
import { pavedApiRef } from './api/PavedApi';
import { PavedClient } from './api/PavedClient';

const pavedApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pavedApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PavedClient(deps),
    }),
});

/**
 * The Platform tab on component pages (new frontend system).
 *
 * @alpha
 */
export const pavedEntityContent = EntityContentBlueprint.make({
  name: 'platform',
  params: {
    path: 'platform',
    title: 'Platform',
    filter: 'kind:component',
    loader: () =>
      import('./components/PlatformContent').then(m => <m.PlatformContent />),
  },
});

function card(name: string, loader: () => Promise<JSX.Element>) {
  return EntityCardBlueprint.make({
    name,
    // off by default: the Platform tab shows them all; enable the ones you want on the overview
    disabled: true,
    params: { filter: 'kind:component', type: 'content', loader },
  });
}

/**
 * The entity cards one by one, for admins who compose their own entity page (new frontend system). They are
 * disabled by default; enable them in app-config, e.g.
 * `app.extensions: [entity-card:paved/logs]`.
 *
 * @alpha
 */
export const pavedEntityCards = [
  card('environments', () =>
    import('./components/EntityCards').then(m => <m.EntityEnvironmentsCard />),
  ),
  card('workloads', () =>
    import('./components/EntityCards').then(m => <m.EntityWorkloadsCard />),
  ),
  card('logs', () =>
    import('./components/EntityCards').then(m => <m.EntityLogsCard />),
  ),
  card('metrics', () =>
    import('./components/MetricsCard').then(m => <m.MetricsCard />),
  ),
  card('events', () =>
    import('./components/EventsCard').then(m => <m.EventsCard />),
  ),
  card('troubleshooting', () =>
    import('./components/TroubleshootingCard').then(m => (
      <m.TroubleshootingCard />
    )),
  ),
];

/**
 * A component's cost this month, as an entity card (off by default: the Platform tab shows it; enable
 * `entity-card:paved/cost` to put it on the overview).
 *
 * @alpha
 */
export const pavedCostCard = EntityCardBlueprint.make({
  name: 'cost',
  disabled: true,
  params: {
    filter: 'kind:component',
    type: 'content',
    loader: () => import('./components/CostCard').then(m => <m.CostCard />),
  },
});

/**
 * A team's cost and budget status on group pages (on by default: group pages have no Platform tab).
 *
 * @alpha
 */
export const pavedTeamCostCard = EntityCardBlueprint.make({
  name: 'team-cost',
  params: {
    filter: 'kind:group',
    type: 'content',
    loader: () =>
      import('./components/TeamCostCard').then(m => <m.TeamCostCard />),
  },
});

/**
 * Every change request of a team on its group page, for its leads to decide (on by default: approval
 * notifications link there).
 *
 * @alpha
 */
export const pavedTeamApprovalsCard = EntityCardBlueprint.make({
  name: 'team-change-requests',
  params: {
    filter: 'kind:group',
    type: 'content',
    loader: () =>
      import('./components/ApprovalsCard').then(m => <m.TeamApprovalsCard />),
  },
});

/**
 * An environment's cost per component and workload on the pages of the environments Paved adds to the
 * catalog (on by default: those pages have no Platform tab).
 *
 * @alpha
 */
export const pavedEnvironmentCostCard = EntityCardBlueprint.make({
  name: 'environment-cost',
  params: {
    filter: {
      kind: 'resource',
      'spec.type': ENVIRONMENT_ENTITY_TYPE,
    },
    type: 'content',
    loader: () =>
      import('./components/EnvironmentCostCard').then(m => (
        <m.EnvironmentCostCard />
      )),
  },
});

/**
 * The audit trail page for platform admins, at `/paved/audit`.
 *
 * @alpha
 */
export const pavedAuditPage = PageBlueprint.make({
  name: 'audit',
  params: {
    path: '/paved/audit',
    title: 'Audit trail',
    icon: <HistoryIcon />,
    loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
  },
});

/**
 * The Paved frontend plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'paved',
  extensions: [
    pavedApi,
    pavedEntityContent,
    ...pavedEntityCards,
    pavedCostCard,
    pavedTeamCostCard,
    pavedTeamApprovalsCard,
    pavedEnvironmentCostCard,
    pavedAuditPage,
  ],
});
