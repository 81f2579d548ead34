import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { EnvironmentService } from '@paved/plugin-paved-node';
import { PavedBackendClient } from '@paved/plugin-paved-node';

/**
 * The services every `kubernetes:environment:*` action uses.
 *
 * @public
 */
export interface EnvironmentActionOptions {
  environments: EnvironmentService;
  /** Resolves the user who started the task, whom the cluster then sees. */
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** Where approval requests and the audit trail go; without it, changes needing approval are refused. */
  paved?: PavedBackendClient;
}
