import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ApprovalRequestView,
  AuditEntry,
  PavedRoute,
  RouteBodyInput,
  RouteInput,
  RouteResponse,
  BudgetCheck,
  RevisionRecord,
  RollbackResult,
  approvalRoutes,
  auditRoutes,
  createRouteCaller,
  revisionRoutes,
} from '@paved/plugin-paved-common';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import { UpstreamTimeoutError } from '../limits/errors';

/**
 * Talks to the Paved backend plugin through the `/api/paved` contract: approval requests on behalf of the
 * user, and the audit trail. Every call must be answered within `timeoutMs`
 * (`paved.limits.timeouts.backendMs`). Plugins and modules get one through `pavedBackendClientServiceRef`.
 *
 * @public
 */
export class PavedBackendClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly logger?: LoggerService,
    private readonly timeoutMs: number = DEFAULT_PAVED_LIMITS.timeouts
      .backendMs,
  ) {}

  private async call<R extends PavedRoute>(
    route: R,
    input: RouteInput<R>,
    credentials: BackstageCredentials,
    timeoutMs: number = this.timeoutMs,
  ): Promise<RouteResponse<R>> {
    const base = await this.discovery.getBaseUrl('paved');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'paved',
    });
    const signal = AbortSignal.timeout(timeoutMs);
    const call = createRouteCaller(request =>
      fetch(`${base}${request.path}`, {
        method: request.method,
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: request.body,
        signal,
      }),
    );
    try {
      return await call(route, input);
    } catch (error) {
      if (!signal.aborted) throw error;
      throw new UpstreamTimeoutError(
        `The Paved backend did not answer ${route.method} ${route.path} within ${timeoutMs} ms (paved.limits.timeouts.backendMs)`,
      );
    }
  }

  /**
   * Answers one of Paved's routes as the user of `credentials` would get it from their browser: the same
   * route, permission checks and team scope, on their behalf (never with the caller's own identity).
   */
  read<R extends PavedRoute>(
    route: R,
    input: RouteInput<R>,
    credentials: BackstageCredentials,
  ): Promise<RouteResponse<R>> {
    return this.call(route, input, credentials);
  }

  /**
   * Records a change the user may only propose (an apply, or a clone into a protected environment); the
   * backend works out its diff and objects from the live cluster and stores it for the team's leads.
   */
  requestApproval(
    change: RouteBodyInput<typeof approvalRoutes.request>,
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequestView> {
    return this.call(approvalRoutes.request, { body: change }, credentials);
  }

  /** Adds an entry to the audit trail platform admins read; a failure is logged, not thrown. */
  async recordAudit(entry: AuditEntry): Promise<void> {
    try {
      await this.call(
        auditRoutes.record,
        { body: entry },
        await this.auth.getOwnServiceCredentials(),
      );
    } catch (error) {
      this.logger?.warn(
        `Could not add ${entry.action} by ${entry.actor} to the audit trail: ${error}`,
      );
    }
  }

  /**
   * Records a revision of a change applied to an environment (with the plugin's own credentials); a failure
   * is logged, not thrown, since the change has happened.
   */
  async recordRevision(record: RevisionRecord): Promise<number | undefined> {
    try {
      const summary = await this.call(
        revisionRoutes.record,
        { body: record },
        await this.auth.getOwnServiceCredentials(),
      );
      return summary.revision;
    } catch (error) {
      this.logger?.error(
        `Could not record the revision of a change to ${record.cluster}/${record.namespace} by ${record.actor}: ${error}`,
      );
      return undefined;
    }
  }

  /**
   * Rolls an environment back to a revision on behalf of the user: the same tiers as an apply, so a change
   * the user may only propose becomes a change request. Waits as long as the rollout may take.
   */
  rollback(
    input: RouteInput<typeof revisionRoutes.rollback>,
    credentials: BackstageCredentials,
  ): Promise<RollbackResult> {
    const wait =
      input.body.wait === false ? 0 : input.body.timeoutSeconds ?? 300;
    return this.call(
      revisionRoutes.rollback,
      input,
      credentials,
      this.timeoutMs + wait * 1000,
    );
  }

  /** Whether a change's monthly cost delta pushes the environment's team over budget, for the user. */
  budgetCheck(
    place: { cluster: string; namespace: string },
    monthlyDelta: number,
    credentials: BackstageCredentials,
  ): Promise<BudgetCheck> {
    return this.call(
      revisionRoutes.budgetCheck,
      { params: place, body: { monthlyDelta } },
      credentials,
    );
  }
}
