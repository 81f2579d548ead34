/**
 * Scaffolder actions of Paved: deploying to Kubernetes (`kubernetes:apply` and friends), publishing a golden
 * path's code to the git host, and registering components in the catalog.
 *
 * @packageDocumentation
 */

export { scaffolderModulePaved as default } from './module';
export { createKubernetesApplyAction } from './actions/apply';
export { createKubernetesRollbackAction } from './actions/rollback';
export { createEnvironmentCreateAction } from './actions/environment/create';
export { createEnvironmentCloneAction } from './actions/environment/clone';
export { createEnvironmentDeleteAction } from './actions/environment/delete';
export { createEnvironmentGitOpsAction } from './actions/environment/gitops';
export type { EnvironmentActionOptions } from './actions/environment/options';
export { createRenderManifestsAction } from './actions/render';
export {
  createRegisterLocalAction,
  LOCAL_CATALOG_DIRECTORY_KEY,
} from './actions/catalog/registerLocal';
export { createReadAppSpecAction } from './actions/catalog/readAppSpec';
export { createRegisterUrlAction } from './actions/catalog/registerUrl';
export { createGitRepositoryAction } from './actions/git/repository';
export { createGitPublishAction } from './actions/git/publish';
export type { GitActionDeps } from './actions/git/repositoryInput';
