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
