import {
  pavedEntityEventsReadPermission,
  pavedEntityLogsReadPermission,
  pavedEntityMetricsReadPermission,
  pavedEntityReadPermission,
  pavedEntitySecretsReadPermission,
  pavedEntityTracesReadPermission,
} from '@paved/plugin-paved-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';

/**
 * What an entity route shows: the permission it needs on the entity, and what the refusal calls the view
 * ("You may not view the `what` of …").
 */
export interface EntityView {
  permission: ResourcePermission<'catalog-entity'>;
  what: string;
}

/**
 * The views of an entity and the permission each needs: the overview and diagnoses are its platform
 * details (`paved.entity.read`); logs, metrics, events, traces and secret keys each have their own permission.
 */
export const entityViews = {
  platformDetails: {
    permission: pavedEntityReadPermission,
    what: 'platform details',
  },
  logs: { permission: pavedEntityLogsReadPermission, what: 'logs' },
  metrics: { permission: pavedEntityMetricsReadPermission, what: 'metrics' },
  events: { permission: pavedEntityEventsReadPermission, what: 'events' },
  traces: { permission: pavedEntityTracesReadPermission, what: 'traces' },
  secrets: { permission: pavedEntitySecretsReadPermission, what: 'secrets' },
} satisfies Record<string, EntityView>;

/** The name of one of {@link entityViews}. */
export type EntityViewName = keyof typeof entityViews;
