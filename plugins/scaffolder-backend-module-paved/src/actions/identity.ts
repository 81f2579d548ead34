import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ClusterIdentity } from '@paved/plugin-paved-node';

/** The Kubernetes identity of the user who started the task: their user ref and ownership groups. */
export async function initiatorIdentity(
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
): Promise<ClusterIdentity> {
  const info = await userInfo.getUserInfo(credentials);
  return {
    user: info.userEntityRef,
    groups: info.ownershipEntityRefs.filter(r => r !== info.userEntityRef),
  };
}
