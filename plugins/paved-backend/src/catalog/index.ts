/**
 * Catalog module of Paved: environments as Resource entities.
 *
 * @packageDocumentation
 */

export { catalogModulePavedEnvironments as default } from './module';
export {
  EnvironmentEntityProvider,
  ENVIRONMENT_ENTITY_TYPE,
} from './EnvironmentEntityProvider';
