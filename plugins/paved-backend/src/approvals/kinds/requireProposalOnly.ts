import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { PavedEnvironmentResource } from '@paved/plugin-paved-common';
import { decideEnvironmentChange } from '@paved/plugin-paved-node';

/**
 * Passes when the user may only propose the change (approval-required); refuses with `denied` (403) when
 * they may not even ask, and with `allowed` (400) when they may make it themselves. For an AI agent's
 * request (`agent`), a change the user may make themselves passes too: it waits for the user's own
 * confirmation instead of a lead's. Answers whether a team lead decides (`true`) or the user's confirmation
 * is enough (`false`).
 */
export async function requireProposalOnly(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: Parameters<typeof decideEnvironmentChange>[2],
  environment: PavedEnvironmentResource,
  messages: { denied: string; allowed: string },
  agent?: boolean,
): Promise<boolean> {
  const decision = await decideEnvironmentChange(
    permissions,
    credentials,
    permission,
    environment,
  );
  if (decision === 'deny') throw new NotAllowedError(messages.denied);
  if (decision === 'allow' && !agent) throw new InputError(messages.allowed);
  return decision !== 'allow';
}
