/**
 * Every entity card of the plugin by its id (the new frontend system's extension name), each loaded only
 * when a page first shows it. Both frontend systems declare their cards from this table.
 */
export const entityCardLoaders = {
  environments: () =>
    import('./EntityCards').then(m => m.EntityEnvironmentsCard),
  workloads: () => import('./EntityCards').then(m => m.EntityWorkloadsCard),
  logs: () => import('./EntityCards').then(m => m.EntityLogsCard),
  metrics: () => import('./MetricsCard').then(m => m.MetricsCard),
  events: () => import('./EventsCard').then(m => m.EventsCard),
  troubleshooting: () =>
    import('./TroubleshootingCard').then(m => m.TroubleshootingCard),
  cost: () => import('./CostCard').then(m => m.CostCard),
  secrets: () => import('./SecretsCard').then(m => m.SecretsCard),
  revisions: () => import('./RevisionsCard').then(m => m.RevisionsCard),
  drift: () => import('./DriftCard').then(m => m.DriftCard),
  'team-secrets': () => import('./SecretsCard').then(m => m.SecretsCard),
  'team-cost': () => import('./TeamCostCard').then(m => m.TeamCostCard),
  'team-change-requests': () =>
    import('./ApprovalsCard').then(m => m.TeamApprovalsCard),
  'environment-cost': () =>
    import('./EnvironmentCostCard').then(m => m.EnvironmentCostCard),
  'environment-revisions': () =>
    import('./RevisionsCard').then(m => m.RevisionsCard),
};

/** The id of one of the plugin's entity cards. */
export type EntityCardId = keyof typeof entityCardLoaders;
