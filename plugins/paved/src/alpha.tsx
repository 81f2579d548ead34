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
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import HistoryIcon from '@material-ui/icons/History';
import PlaylistAddCheckIcon from '@material-ui/icons/PlaylistAddCheck';
import { ENVIRONMENT_ENTITY_TYPE } from '@paved/plugin-paved-common';
import { pavedApiRef } from './api/PavedApi';
import { PavedClient } from './api/PavedClient';
import {
  EntityCardId,
  entityCardLoaders,
} from './components/entityCardLoaders';

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

/** Where a card is offered and whether it is off until an admin enables it. */
interface CardPlacement {
  filter: string | { kind: string; 'spec.type': string };
  disabled?: boolean;
}

/** Component pages: off by default, since the Platform tab shows every card; enable the ones you want. */
const ON_COMPONENT_PAGES: CardPlacement = {
  filter: 'kind:component',
  disabled: true,
};

/** The entity card extension `entity-card:paved/<id>`, showing the plugin's card of that id. */
function card<TId extends EntityCardId>(id: TId, placement: CardPlacement) {
  return EntityCardBlueprint.make({
    name: id,
    disabled: placement.disabled,
    params: {
      filter: placement.filter,
      type: 'content',
      loader: () => entityCardLoaders[id]().then(Card => <Card />),
    },
  });
}

/**
 * The entity cards one by one, for admins who compose their own entity page (new frontend system). They are
 * disabled by default; enable them in app-config, e.g.
 * `app.extensions: [entity-card:paved/logs]`.
 *
 * @alpha
 */
export const pavedEntityCards = (
  [
    'environments',
    'workloads',
    'logs',
    'metrics',
    'events',
    'troubleshooting',
  ] as const
).map(id => card(id, ON_COMPONENT_PAGES));

/**
 * A component's cost this month, as an entity card (off by default: the Platform tab shows it; enable
 * `entity-card:paved/cost` to put it on the overview).
 *
 * @alpha
 */
export const pavedCostCard = card('cost', ON_COMPONENT_PAGES);

/**
 * The secrets of a component's environments, as an entity card (off by default: the Platform tab shows
 * it; enable `entity-card:paved/secrets` to put it on the overview).
 *
 * @alpha
 */
export const pavedSecretsCard = card('secrets', ON_COMPONENT_PAGES);

/**
 * The revisions of a component's environments with diffs and rollback, as an entity card (off by default:
 * the Platform tab shows it; enable `entity-card:paved/revisions` to put it on the overview).
 *
 * @alpha
 */
export const pavedRevisionsCard = card('revisions', ON_COMPONENT_PAGES);

/**
 * A component's drift from its last revision with a re-apply per object, as an entity card (off by
 * default: the Platform tab shows it; enable `entity-card:paved/drift` to put it on the overview).
 *
 * @alpha
 */
export const pavedDriftCard = card('drift', ON_COMPONENT_PAGES);

/**
 * The secrets of every environment of a team on its group page (on by default: group pages have no
 * Platform tab).
 *
 * @alpha
 */
export const pavedTeamSecretsCard = card('team-secrets', {
  filter: 'kind:group',
});

/**
 * A team's cost and budget status on group pages (on by default: group pages have no Platform tab).
 *
 * @alpha
 */
export const pavedTeamCostCard = card('team-cost', { filter: 'kind:group' });

/**
 * Every change request of a team on its group page, for its leads to decide (on by default: approval
 * notifications link there).
 *
 * @alpha
 */
export const pavedTeamApprovalsCard = card('team-change-requests', {
  filter: 'kind:group',
});

/**
 * An environment's cost per component and workload on the pages of the environments Paved adds to the
 * catalog (on by default: those pages have no Platform tab).
 *
 * @alpha
 */
export const pavedEnvironmentCostCard = card('environment-cost', {
  filter: { kind: 'resource', 'spec.type': ENVIRONMENT_ENTITY_TYPE },
});

/**
 * An environment's revisions with diffs and rollback on the pages of the environments Paved adds to the
 * catalog (on by default: those pages have no Platform tab).
 *
 * @alpha
 */
export const pavedEnvironmentRevisionsCard = card('environment-revisions', {
  filter: { kind: 'resource', 'spec.type': ENVIRONMENT_ENTITY_TYPE },
});

/**
 * The `PavedSecretRefPicker` scaffolder form field: templates use it with
 * `ui:field: PavedSecretRefPicker` for a `secret/<name>/<key>` field.
 *
 * @alpha
 */
export const pavedSecretRefPickerFormField = FormFieldBlueprint.make({
  name: 'secret-ref-picker',
  params: {
    field: () =>
      import('./components/PavedSecretRefPicker/formField').then(
        m => m.pavedSecretRefPickerField,
      ),
  },
});

/**
 * The `PavedChangePreview` scaffolder form field: golden-path templates use it with
 * `ui:field: PavedChangePreview` on their review page to show the change's results, blast radius, cost
 * forecast, approval and diff before anything is applied.
 *
 * @alpha
 */
export const pavedChangePreviewFormField = FormFieldBlueprint.make({
  name: 'change-preview',
  params: {
    field: () =>
      import('./components/PavedChangePreview/formField').then(
        m => m.pavedChangePreviewField,
      ),
  },
});

/**
 * The `PavedGitTarget` scaffolder form field: golden-path templates use it with `ui:field: PavedGitTarget` on
 * their Repository page to say where the code goes (the team's repository on the git host, or the local
 * catalog).
 *
 * @alpha
 */
export const pavedGitTargetFormField = FormFieldBlueprint.make({
  name: 'git-target',
  params: {
    field: () =>
      import('./components/PavedGitTarget/formField').then(
        m => m.pavedGitTargetField,
      ),
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
 * The changes AI agents asked for on the user's behalf, waiting for their confirmation, at
 * `/paved/change-requests` (the link Paved's MCP tools answer with).
 *
 * @alpha
 */
export const pavedAgentRequestsPage = PageBlueprint.make({
  name: 'change-requests',
  params: {
    path: '/paved/change-requests',
    title: 'Agent change requests',
    icon: <PlaylistAddCheckIcon />,
    loader: () =>
      import('./components/AgentRequestsPage').then(m => (
        <m.AgentRequestsPage />
      )),
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
    pavedSecretsCard,
    pavedRevisionsCard,
    pavedDriftCard,
    pavedTeamCostCard,
    pavedTeamSecretsCard,
    pavedTeamApprovalsCard,
    pavedEnvironmentCostCard,
    pavedEnvironmentRevisionsCard,
    pavedSecretRefPickerFormField,
    pavedChangePreviewFormField,
    pavedGitTargetFormField,
    pavedAuditPage,
    pavedAgentRequestsPage,
  ],
});
