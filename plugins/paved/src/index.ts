/**
 * The Paved frontend plugin: the Platform tab and entity cards. Legacy frontend system exports are here;
 * the new frontend system plugin is the default export of `@paved/plugin-paved/alpha`.
 *
 * @packageDocumentation
 */

export {
  pavedPlugin,
  EntityPavedContent,
  PavedAuditPage,
  PavedAgentRequestsPage,
  EntityPavedEnvironmentsCard,
  EntityPavedWorkloadsCard,
  EntityPavedLogsCard,
  EntityPavedMetricsCard,
  EntityPavedEventsCard,
  EntityPavedTroubleshootingCard,
  EntityPavedCostCard,
  EntityPavedTeamCostCard,
  EntityPavedEnvironmentCostCard,
  EntityPavedEnvironmentRevisionsCard,
  EntityPavedTeamApprovalsCard,
  EntityPavedSecretsCard,
  EntityPavedRevisionsCard,
  EntityPavedDriftCard,
  PavedSecretRefPickerFieldExtension,
  PavedChangePreviewFieldExtension,
  PavedGitTargetFieldExtension,
} from './plugin';
export {
  EntityEnvironmentsCard,
  EntityWorkloadsCard,
  EntityLogsCard,
} from './components/EntityCards';
export { pavedApiRef } from './api/PavedApi';
export type { EntityRead, PavedApi } from './api/PavedApi';
export { PavedClient } from './api/PavedClient';
export { EnvironmentsCard } from './components/EnvironmentsCard';
export type { DeliveryState } from './components/EnvironmentsCard';
export { WorkloadsCard } from './components/WorkloadsCard';
export { LogsCard } from './components/LogsCard';
export { EventsCard } from './components/EventsCard';
export { MetricsCard } from './components/MetricsCard';
export { TroubleshootingCard } from './components/TroubleshootingCard';
export type {
  LogQuery,
  EntityLogLine,
  LogSourceChange,
  SignalPoints,
} from './api/PavedApi';
export type { PlatformPageView } from './api/platformPage';
export { CostCard } from './components/CostCard';
export { TeamCostCard } from './components/TeamCostCard';
export { EnvironmentCostCard } from './components/EnvironmentCostCard';
export { ApprovalsCard, TeamApprovalsCard } from './components/ApprovalsCard';
export { AuditTrailCard } from './components/AuditTrailCard';
export { SecretsCard, SECRETS_CARD_ANCHOR } from './components/SecretsCard';
export type { SecretPlace } from './api/PavedApi';
export {
  RevisionsCard,
  REVISIONS_CARD_ANCHOR,
} from './components/RevisionsCard';
export { DriftCard, DRIFT_CARD_ANCHOR } from './components/DriftCard';
export type {
  EnvironmentRef,
  RevisionPlace,
  RollbackBody,
  ChangePreviewBody,
} from './api/PavedApi';
export {
  PavedSecretRefPicker,
  pavedSecretRefPickerValidation,
} from './components/PavedSecretRefPicker';
export type { PavedSecretRefPickerUiOptions } from './components/PavedSecretRefPicker';
export { PavedChangePreview } from './components/PavedChangePreview';
export type { PavedChangePreviewUiOptions } from './components/PavedChangePreview';
export { PavedGitTarget } from './components/PavedGitTarget';
export { AuditPage } from './components/AuditPage';
