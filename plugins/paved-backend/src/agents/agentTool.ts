import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  PavedBackendClient,
  RenderOptions,
  clusterIdentityOf,
  recordMutation,
} from '@paved/plugin-paved-node';
import { AnyZodObject, z } from 'zod/v3';
import type { ApprovalService } from '../approvals/ApprovalService';
import type { AuditTrailStore } from '../audit/AuditTrailStore';
import { fitToBudget } from './fitToBudget';

/** The user an agent acts for, and the MCP client it called through. */
export interface AgentCaller {
  credentials: BackstageCredentials;
  /** The user's entity ref, from the credentials. */
  user: string;
  /**
   * The user as the cluster knows them (with their groups), looked up once, when a tool needs it: the read
   * tools leave that to the routes they call.
   */
  identity(): Promise<ClusterIdentity>;
  /** The MCP client, as the audit trail and change requests name it. */
  client: string;
}

/** What Paved's agent tools use: Paved's own API as the user, the approval model and the audit trail. */
export interface AgentToolDeps {
  /** Reads Paved's routes on the user's behalf, so a tool sees exactly what the user's page shows. */
  backend: Pick<PavedBackendClient, 'read'>;
  approvals: Pick<ApprovalService, 'requestForAgent' | 'get' | 'view'>;
  /** The clusters, read as the user (a workload to scale). */
  clusters: Pick<ClusterRegistry, 'client'>;
  /** Render defaults of golden paths, as the templates use them. */
  renderDefaults?: RenderOptions;
  userInfo: UserInfoService;
  audit: {
    auditor: AuditorService;
    trail: AuditTrailStore;
    logger: LoggerService;
  };
  /** The app's address (`app.baseUrl`), for the links to change requests. */
  appBaseUrl: string;
  /** Names the MCP client of a call (see `agentClients`); the forwarding plugin when it cannot. */
  clientOf?: (credentials: BackstageCredentials) => string | undefined;
}

/** The flags MCP clients read: what a tool may do. */
export interface AgentToolAttributes {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
}

/**
 * One of Paved's tools for AI agents: its zod schemas, examples, flags and the byte budget of its answer.
 * `run` gets the checked input and the user the agent acts for.
 */
export interface AgentTool<I extends AnyZodObject, O extends AnyZodObject> {
  name: string;
  title: string;
  description: string;
  /** The largest answer, in bytes of UTF-8 JSON; a larger one is cut (see `fitToBudget`). */
  budgetBytes: number;
  attributes: AgentToolAttributes;
  input: I;
  output: O;
  examples: Array<{ title: string; input: z.infer<I>; output?: z.infer<O> }>;
  /** Where the audit trail records the call. */
  place?(input: z.infer<I>): {
    cluster?: string;
    namespace?: string;
    target?: string;
  };
  run(
    input: z.infer<I>,
    caller: AgentCaller,
    deps: AgentToolDeps,
  ): Promise<z.infer<O>>;
}

/** Declares a tool, keeping its input and output types. */
export function defineAgentTool<I extends AnyZodObject, O extends AnyZodObject>(
  tool: AgentTool<I, O>,
): AgentTool<I, O> {
  return tool;
}

/** Marks an answer that was cut to its budget. */
export const budgetFields = {
  truncated: z
    .boolean()
    .optional()
    .describe('true when the answer was cut to fit its byte budget'),
};

/** The requester a change tool hands to the approval model: the caller with their cluster identity. */
export async function requesterOf(caller: AgentCaller) {
  return {
    credentials: caller.credentials,
    identity: await caller.identity(),
    client: caller.client,
  };
}

/**
 * The user of a call, refused unless it is a user: an agent acts as its user only, never as a service (not
 * even Paved's own).
 */
export function agentCaller(
  deps: Pick<AgentToolDeps, 'userInfo' | 'clientOf'>,
  credentials: BackstageCredentials,
): AgentCaller {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    actor?: { subject: string };
  };
  if (principal.type !== 'user') {
    throw new NotAllowedError(
      "Paved's agent tools act for a signed-in user; connect the MCP client with that user's Backstage token",
    );
  }
  const client =
    deps.clientOf?.(credentials) ?? principal.actor?.subject ?? 'direct call';
  let identity: Promise<ClusterIdentity> | undefined;
  return {
    credentials,
    user: principal.userEntityRef!,
    identity: () =>
      (identity ??= clusterIdentityOf(deps.userInfo, credentials)),
    client,
  };
}

/**
 * The error Paved's API answered a tool's read with, as that error (a 403 is a `NotAllowedError`, not a
 * `ResponseError`), so the agent and the audit trail see the refusal for what it is.
 */
function backendError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'ResponseError') return error;
  const cause = (error as Error & { cause?: Error }).cause;
  if (!cause?.name || !cause.message) return error;
  const typed = new Error(cause.message);
  typed.name = cause.name;
  return typed;
}

/**
 * Registers a tool in Backstage's actions registry (served over MCP by the MCP actions backend as
 * `paved.<name>`): every call is made as its user, recorded in the audit trail as `agent.<name>` with the
 * MCP client, and answered within the tool's byte budget.
 */
export function registerAgentTool<
  I extends AnyZodObject,
  O extends AnyZodObject,
>(
  registry: ActionsRegistryService,
  deps: AgentToolDeps,
  tool: AgentTool<I, O>,
) {
  registry.register({
    name: tool.name,
    title: tool.title,
    description: `${tool.description} Answers at most ${tool.budgetBytes} bytes of JSON.`,
    attributes: tool.attributes,
    examples: tool.examples,
    schema: {
      input: () => tool.input,
      output: () => tool.output,
    },
    action: async ({ input, credentials }) => {
      const caller = agentCaller(deps, credentials);
      const place = tool.place?.(input) ?? {};
      const output = await recordMutation(
        deps.audit,
        {
          action: `agent.${tool.name}`,
          actor: caller.user,
          ...place,
          details: { via: 'mcp', client: caller.client, tool: tool.name },
          severityLevel: tool.attributes.readOnly ? 'low' : 'medium',
        },
        async () => {
          const answer = await tool.run(input, caller, deps).catch(error => {
            throw backendError(error);
          });
          // room for the `truncated` mark
          const fitted = fitToBudget(answer, tool.budgetBytes - 24);
          return fitted.truncated
            ? { ...fitted.value, truncated: true }
            : fitted.value;
        },
      );
      return { output } as any;
    },
  });
}
