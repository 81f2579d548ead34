import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ClusterIdentity } from '@paved/plugin-paved-node';

/**
 * The Kubernetes identity of the signed-in user: their user ref and ownership refs, which the local
 * cluster's RBAC and impersonation use as user and group names.
 */
export async function clusterIdentityOf(
  userInfo: UserInfoService,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
): Promise<ClusterIdentity> {
  const info = await userInfo.getUserInfo(credentials);
  return {
    user: info.userEntityRef,
    groups: info.ownershipEntityRefs.filter(ref => ref !== info.userEntityRef),
  };
}
