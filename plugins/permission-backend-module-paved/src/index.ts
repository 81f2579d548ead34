/**
 * A permission policy for Paved's developer / team lead / platform admin tiers.
 *
 * @packageDocumentation
 */

export { permissionModulePavedTiers as default } from './module';
export { PavedTierPolicy } from './PavedTierPolicy';
export type { PavedTierPolicyOptions } from './PavedTierPolicy';
export { TeamDirectory } from './TeamDirectory';
export type { TeamMembership } from './TeamDirectory';
export { otherPluginRules } from './PavedTierPolicy';
export { catalogRules } from './rules/catalog';
export { scaffolderRules } from './rules/scaffolder';
export { kubernetesRules } from './rules/kubernetes';
export type { CallerContext, PermissionRule } from './rules/types';
