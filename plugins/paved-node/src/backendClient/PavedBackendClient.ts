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
  approvalRoutes,
  auditRoutes,
  createRouteCaller,
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
  ): Promise<RouteResponse<R>> {
    const base = await this.discovery.getBaseUrl('paved');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'paved',
    });
    const signal = AbortSignal.timeout(this.timeoutMs);
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
        `The Paved backend did not answer ${route.method} ${route.path} within ${this.timeoutMs} ms (paved.limits.timeouts.backendMs)`,
      );
    }
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
}
