import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { ClusterIdentity, clusterIdentityOf } from '@paved/plugin-paved-node';

/** The user who started the task: the credentials to act with and the identity the cluster sees. */
export interface Initiator {
  credentials: BackstageCredentials;
  actor: ClusterIdentity;
}

/**
 * Who started the task, so that the action checks permissions and writes to the cluster as that user, never
 * as the scaffolder's own service identity.
 */
export async function initiatorOf(
  ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
  userInfo: UserInfoService,
): Promise<Initiator> {
  const credentials = await ctx.getInitiatorCredentials();
  return { credentials, actor: await clusterIdentityOf(userInfo, credentials) };
}
