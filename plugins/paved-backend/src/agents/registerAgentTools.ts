import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AgentToolDeps, registerAgentTool } from './agentTool';
import { changeRequestTool } from './tools/changeRequest';
import { costTool } from './tools/cost';
import { diagnosesTool } from './tools/diagnoses';
import { environmentsTool } from './tools/environments';
import { eventsTool } from './tools/events';
import { goldenSignalsTool } from './tools/goldenSignals';
import { logsTool } from './tools/logs';
import { requestApplyTool } from './tools/requestApply';
import { requestCloneTool } from './tools/requestClone';
import { requestDeleteEnvironmentTool } from './tools/requestDeleteEnvironment';
import { requestRollbackTool } from './tools/requestRollback';
import { requestScaleTool } from './tools/requestScale';
import { revisionsTool } from './tools/revisions';

/** Paved's read tools: what a team's page shows, as short structured answers. */
export const agentReadTools = [
  environmentsTool,
  diagnosesTool,
  logsTool,
  eventsTool,
  goldenSignalsTool,
  costTool,
  revisionsTool,
  changeRequestTool,
] as const;

/** Paved's change tools: each makes a change request that the user confirms in Backstage, never a change. */
export const agentChangeTools = [
  requestApplyTool,
  requestCloneTool,
  requestScaleTool,
  requestRollbackTool,
  requestDeleteEnvironmentTool,
] as const;

/**
 * Registers Paved's tools in Backstage's actions registry, where the MCP actions backend serves them as
 * `paved.<name>` once `backend.actions.pluginSources` lists `paved`.
 */
export function registerAgentTools(
  registry: ActionsRegistryService,
  deps: AgentToolDeps,
): void {
  for (const tool of [...agentReadTools, ...agentChangeTools]) {
    registerAgentTool(registry, deps, tool as never);
  }
}
