import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ClusterIdentity } from './types';

/**
 * The Kubernetes identity of a Backstage user: their user ref and ownership refs, which impersonation and
 * the cluster's RBAC use as user and group names.
 *
 * @public
 */
export async function clusterIdentityOf(
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
): Promise<ClusterIdentity> {
  const info = await userInfo.getUserInfo(credentials);
  return {
    user: info.userEntityRef,
    groups: info.ownershipEntityRefs.filter(ref => ref !== info.userEntityRef),
  };
}
