import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { pavedApiRef } from './api/PavedApi';
import { PavedClient } from './api/PavedClient';
import {
  EntityCardId,
  entityCardLoaders,
} from './components/entityCardLoaders';
import {
  PavedSecretRefPicker,
  PavedSecretRefPickerUiOptions,
  pavedSecretRefPickerValidation,
} from './components/PavedSecretRefPicker';
import {
  PavedChangePreview,
  PavedChangePreviewUiOptions,
} from './components/PavedChangePreview';
import { PavedGitTarget } from './components/PavedGitTarget';
import { agentRequestsRouteRef, auditRouteRef, rootRouteRef } from './routes';

/**
 * The Paved frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const pavedPlugin = createPlugin({
  id: 'paved',
  apis: [
    createApiFactory({
      api: pavedApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PavedClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    audit: auditRouteRef,
    agentRequests: agentRequestsRouteRef,
  },
});

/**
 * The Platform tab content for an entity page (legacy frontend system):
 * `<EntityLayout.Route path="/platform" title="Platform"><EntityPavedContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityPavedContent = pavedPlugin.provide(
  createRoutableExtension({
    name: 'EntityPavedContent',
    component: () =>
      import('./components/PlatformContent').then(m => m.PlatformContent),
    mountPoint: rootRouteRef,
  }),
);

/** A legacy component extension named `name` that shows one of the plugin's entity cards. */
function card(name: string, id: EntityCardId) {
  return pavedPlugin.provide(
    createComponentExtension({
      name,
      component: { lazy: entityCardLoaders[id] },
    }),
  );
}

/**
 * The entity's environments as a card for an entity page (legacy frontend system).
 *
 * @public
 */
export const EntityPavedEnvironmentsCard = card(
  'EntityPavedEnvironmentsCard',
  'environments',
);

/**
 * The entity's workloads and their health as a card (legacy frontend system).
 *
 * @public
 */
export const EntityPavedWorkloadsCard = card(
  'EntityPavedWorkloadsCard',
  'workloads',
);

/**
 * The entity's logs (tail, filters, search, live follow) as a card (legacy frontend system).
 *
 * @public
 */
export const EntityPavedLogsCard = card('EntityPavedLogsCard', 'logs');

/**
 * CPU / memory and golden signals with a range picker, as a card (legacy frontend system).
 *
 * @public
 */
export const EntityPavedMetricsCard = card('EntityPavedMetricsCard', 'metrics');

/**
 * The entity's Kubernetes events, warnings first, as a card (legacy frontend system).
 *
 * @public
 */
export const EntityPavedEventsCard = card('EntityPavedEventsCard', 'events');

/**
 * Why the entity's pods or rollouts fail, with fixes, as a card (legacy frontend system).
 *
 * @public
 */
export const EntityPavedTroubleshootingCard = card(
  'EntityPavedTroubleshootingCard',
  'troubleshooting',
);

/**
 * A component's cost this month (projection, trend, top drivers, rightsizing) as a card (legacy frontend
 * system).
 *
 * @public
 */
export const EntityPavedCostCard = card('EntityPavedCostCard', 'cost');

/**
 * The secrets of the entity's environments — which keys exist, which are missing, who reads and changed
 * them, rotation — with write-only setting of values; for component pages and group (team) pages (legacy
 * frontend system).
 *
 * @public
 */
export const EntityPavedSecretsCard = card('EntityPavedSecretsCard', 'secrets');

/**
 * The changes Paved applied to a component's environments — who, when, from where, the outcome, each
 * revision's diff and the diff between two — with a rollback to any earlier revision (legacy frontend
 * system).
 *
 * @public
 */
export const EntityPavedRevisionsCard = card(
  'EntityPavedRevisionsCard',
  'revisions',
);

/**
 * The fields of a component's workloads changed outside Paved since its last revision, naming the field
 * manager and when, with a re-apply of the revision per object (legacy frontend system).
 *
 * @public
 */
export const EntityPavedDriftCard = card('EntityPavedDriftCard', 'drift');

/**
 * A team's cost per environment and component with its budget status, for group pages (legacy frontend
 * system).
 *
 * @public
 */
export const EntityPavedTeamCostCard = card(
  'EntityPavedTeamCostCard',
  'team-cost',
);

/**
 * Every change request of a team, for its leads to decide, on the group page (legacy frontend system).
 *
 * @public
 */
export const EntityPavedTeamApprovalsCard = card(
  'EntityPavedTeamApprovalsCard',
  'team-change-requests',
);

/**
 * One environment's cost per component and workload, for the pages of the environments Paved adds to the
 * catalog (`kind: Resource`, `spec.type: kubernetes-environment`; legacy frontend system).
 *
 * @public
 */
export const EntityPavedEnvironmentCostCard = card(
  'EntityPavedEnvironmentCostCard',
  'environment-cost',
);

/**
 * One environment's revisions with their diffs and rollback, for the pages of the environments Paved adds to
 * the catalog (`kind: Resource`, `spec.type: kubernetes-environment`; legacy frontend system).
 *
 * @public
 */
export const EntityPavedEnvironmentRevisionsCard = card(
  'EntityPavedEnvironmentRevisionsCard',
  'environment-revisions',
);

/**
 * The audit trail page for platform admins (legacy frontend system):
 * `<Route path="/paved/audit" element={<PavedAuditPage />} />`.
 *
 * @public
 */
export const PavedAuditPage = pavedPlugin.provide(
  createRoutableExtension({
    name: 'PavedAuditPage',
    component: () => import('./components/AuditPage').then(m => m.AuditPage),
    mountPoint: auditRouteRef,
  }),
);

/**
 * The changes AI agents asked for on the user's behalf, waiting for their confirmation (legacy frontend
 * system): `<Route path="/paved/change-requests" element={<PavedAgentRequestsPage />} />`. Paved's MCP tools
 * answer with links to this path.
 *
 * @public
 */
export const PavedAgentRequestsPage = pavedPlugin.provide(
  createRoutableExtension({
    name: 'PavedAgentRequestsPage',
    component: () =>
      import('./components/AgentRequestsPage').then(m => m.AgentRequestsPage),
    mountPoint: agentRequestsRouteRef,
  }),
);

/**
 * The `PavedSecretRefPicker` scaffolder form field (legacy frontend system): offers the target
 * environment's existing secret keys for a `secret/<name>/<key>` field. Register it under the scaffolder
 * route: `<ScaffolderFieldExtensions><PavedSecretRefPickerFieldExtension /></ScaffolderFieldExtensions>`;
 * use it in a template with `ui:field: PavedSecretRefPicker`.
 *
 * @public
 */
export const PavedSecretRefPickerFieldExtension = pavedPlugin.provide(
  createScaffolderFieldExtension<string, PavedSecretRefPickerUiOptions>({
    name: 'PavedSecretRefPicker',
    component: PavedSecretRefPicker,
    validation: pavedSecretRefPickerValidation,
  }),
);

/**
 * The `PavedChangePreview` scaffolder form field (legacy frontend system): the review step of a golden-path
 * template, showing what deploying the form's app spec would do — results, blast radius, cost forecast,
 * approval and diff — before anything is applied. Register it under the scaffolder route beside the other
 * field extensions: `<ScaffolderFieldExtensions><PavedChangePreviewFieldExtension /></ScaffolderFieldExtensions>`;
 * use it in a template with `ui:field: PavedChangePreview` and `ui:options: { goldenPath: web-service }`.
 *
 * @public
 */
export const PavedChangePreviewFieldExtension = pavedPlugin.provide(
  createScaffolderFieldExtension<
    boolean | undefined,
    PavedChangePreviewUiOptions
  >({
    name: 'PavedChangePreview',
    component: PavedChangePreview,
  }),
);

/**
 * The `PavedGitTarget` scaffolder form field (legacy frontend system): the Repository page of a golden-path
 * template, saying where the code goes — the team's repository on the git host, or the local catalog and
 * why. Register it under the scaffolder route beside the other field extensions:
 * `<ScaffolderFieldExtensions><PavedGitTargetFieldExtension /></ScaffolderFieldExtensions>`; use it in a
 * template with `ui:field: PavedGitTarget`.
 *
 * @public
 */
export const PavedGitTargetFieldExtension = pavedPlugin.provide(
  createScaffolderFieldExtension<string | undefined>({
    name: 'PavedGitTarget',
    component: PavedGitTarget,
  }),
);
