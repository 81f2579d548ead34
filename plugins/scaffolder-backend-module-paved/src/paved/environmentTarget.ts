import { PavedEnvironmentResource } from '@paved/plugin-paved-common';
import {
  EnvironmentService,
  environmentNamespace,
} from '@paved/plugin-paved-node';

/** The environment a create or clone would make, as permission rules see it. */
export function prospectiveEnvironment(
  environments: EnvironmentService,
  cluster: string,
  spec: { name: string; team: string },
): PavedEnvironmentResource {
  return {
    cluster,
    namespace: environmentNamespace(spec),
    team: spec.team,
    protected: environments.settings.protectedNames.includes(spec.name),
  };
}
