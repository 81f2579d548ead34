/**
 * Request plumbing shared by the feature routes: who the caller is and what they may see, input
 * validation, and the entity routes' permission check.
 */
export { createAccess, ownerOnly } from './access';
export type { Access } from './access';
export { entityRoutes } from './entityRoutes';
export type { EntityRequest, EntityRoutes } from './entityRoutes';
export { entityViews } from './entityViews';
export type { EntityView, EntityViewName } from './entityViews';
export { bindRoute } from './bindRoute';
export type { RouteRequestInput } from './bindRoute';
