import { anyUser, platformAdminOnly } from './decisions';
import { PermissionRule } from './types';

/**
 * The Kubernetes plugin's permissions by tier. Its objects are scoped to the caller's environments by Paved's
 * Kubernetes module (`@paved/plugin-kubernetes-backend-module-paved`), so reading them is open to signed-in
 * users; its raw proxy is for platform admins (the module answers the owning team's pod logs and reads itself).
 *
 * @public
 */
export const kubernetesRules: Record<string, PermissionRule> = {
  'kubernetes.clusters.read': anyUser,
  'kubernetes.resources.read': anyUser,
  'kubernetes.proxy': platformAdminOnly,
};
