/**
 * Scaffolder actions that deploy to Kubernetes through Paved: `kubernetes:apply`.
 *
 * @packageDocumentation
 */

export { scaffolderModulePaved as default } from './module';
export { createKubernetesApplyAction } from './actions/apply';
