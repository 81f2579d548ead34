import { createBackend } from '@backstage/backend-defaults';
import { authModuleLocalUsers } from './modules/localUsers';
import { guardedRootHttpRouter } from './modules/instanceGuards';
import { catalogModuleLocalFileLocations } from './modules/localFileLocations';
import { forwardAgentClient } from './modules/agentClients';

// an MCP tool call's client name goes with the action the MCP endpoint invokes for it (the audit trail's client)
globalThis.fetch = forwardAgentClient(globalThis.fetch);

const backend = createBackend();

// no anonymous WebSockets; users may not list, trigger or cancel the plugins' scheduled tasks
backend.add(guardedRootHttpRouter);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModuleLocalUsers);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// components scaffolded without a git host are registered from files (paved.localCatalog.allowFileLocations)
backend.add(catalogModuleLocalFileLocations);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@paved/plugin-permission-backend-module-paved'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// publish:gitea, for the local git host (tools/git) or any Gitea in integrations.gitea
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitea'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
// Paved: the Kubernetes plugin shows each user only the environments they may read
backend.add(import('@paved/plugin-kubernetes-backend-module-paved'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// the events bus carries signals (Paved's live updates) to the replica a browser is connected to; it spans
// replicas on PostgreSQL and stays in-process on SQLite
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Paved
backend.add(import('@paved/plugin-paved-backend'));
backend.add(import('@paved/plugin-catalog-backend-module-paved'));
backend.add(import('@paved/plugin-scaffolder-backend-module-paved'));
// AI agents: the actions registry's tools (Paved's, per backend.actions.pluginSources) over MCP
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
