import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Platform content. */
export const rootRouteRef = createRouteRef({ id: 'paved' });

/** Where the legacy app mounts the audit trail page. */
export const auditRouteRef = createRouteRef({ id: 'paved-audit' });

/** Where the legacy app mounts the page of the user's agents' change requests. */
export const agentRequestsRouteRef = createRouteRef({
  id: 'paved-agent-requests',
});
