/**
 * Scaffolder actions that deploy to Kubernetes through Paved: `kubernetes:apply`.
 *
 * @packageDocumentation
 */

export { scaffolderModulePaved as default } from './module';
export { createKubernetesApplyAction } from './actions/apply';
export { createKubernetesRollbackAction } from './actions/rollback';
export { createEnvironmentCreateAction } from './actions/environment/create';
export { createEnvironmentCloneAction } from './actions/environment/clone';
export { createEnvironmentDeleteAction } from './actions/environment/delete';
export type { EnvironmentActionOptions } from './actions/environment/options';
export { createRenderManifestsAction } from './actions/render';
export {
  createRegisterLocalAction,
  LOCAL_CATALOG_DIRECTORY_KEY,
} from './actions/catalog/registerLocal';
export { createReadAppSpecAction } from './actions/catalog/readAppSpec';
