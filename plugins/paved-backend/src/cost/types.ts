/** Parts of the cost views (declared in `@paved/plugin-paved-common`) that the views' code names. */
import type { TeamCost, TeamsCost } from '@paved/plugin-paved-common';

/** An ephemeral environment that served no HTTP request in the last day. */
export type IdleEnvironmentView = TeamCost['idleEnvironments'][number];

/** One team's line of the all-teams view. */
export type TeamCostSummary = TeamsCost['teams'][number];

/** What every cost view says about its period: currency, month start, now, history and days. */
export type CostPeriod = Pick<
  TeamsCost,
  'currency' | 'monthStart' | 'now' | 'observedSince' | 'days'
>;
