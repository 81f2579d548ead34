/**
 * Catalog module of Paved: every environment on Paved's clusters as a `Resource` entity of type
 * `kubernetes-environment`.
 *
 * @packageDocumentation
 */

export { catalogModulePavedEnvironments as default } from './module';
export {
  EnvironmentEntityProvider,
  ENVIRONMENT_ENTITY_TYPE,
} from './EnvironmentEntityProvider';
