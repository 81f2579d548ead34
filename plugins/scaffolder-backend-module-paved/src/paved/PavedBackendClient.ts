import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { AuditEntry, EnvironmentCloneChange } from '@paved/plugin-paved-common';
import {
  DEFAULT_PAVED_LIMITS,
  UpstreamTimeoutError,
} from '@paved/plugin-paved-node';

/** An approval request as the Paved backend returns it. */
export type ApprovalRequestSummary = {
  id: string;
  cluster: string;
  namespace: string;
  team: string;
  status: string;
  expiresAt: string;
  diff: string;
  summary: string;
};

/** A change for the Paved backend to record as an approval request. */
export interface ApplyApprovalInput {
  cluster: string;
  namespace: string;
  manifests: object[];
  force: boolean;
  wait: boolean;
  timeoutSeconds: number;
  /** The requester's words, shown as their note; the backend makes the summary from the objects. */
  note?: string;
  taskId?: string;
  entityRef?: string;
}

/** A clone into a protected environment for the Paved backend to record as an approval request. */
export type CloneApprovalInput = EnvironmentCloneChange;

/** One audit trail entry, as `POST /audit/events` takes it. */
export type AuditTrailEntry = AuditEntry;

/**
 * Talks to the Paved backend plugin: approval requests on behalf of the user, and the audit trail. Every call
 * must be answered within `timeoutMs` (`paved.limits.timeouts.backendMs`).
 */
export class PavedBackendClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly logger?: LoggerService,
    private readonly timeoutMs: number = DEFAULT_PAVED_LIMITS.timeouts
      .backendMs,
  ) {}

  private async call<T>(
    path: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<T> {
    const base = await this.discovery.getBaseUrl('paved');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'paved',
    });
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(body),
        signal,
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      return (await response.json()) as T;
    } catch (error) {
      if (!signal.aborted) throw error;
      throw new UpstreamTimeoutError(
        `The Paved backend did not answer POST ${path} within ${this.timeoutMs} ms (paved.limits.timeouts.backendMs)`,
      );
    }
  }

  /** Records a change the user may only propose; the backend computes its diff and stores it. */
  requestApproval(
    change: ApplyApprovalInput,
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequestSummary> {
    return this.call('/approvals', { kind: 'apply', ...change }, credentials);
  }

  /** Records a clone the user may only propose; the backend reads the source, plans the copies and stores them. */
  requestCloneApproval(
    change: CloneApprovalInput,
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequestSummary> {
    return this.call(
      '/approvals',
      { kind: 'environment-clone', ...change },
      credentials,
    );
  }

  /** Adds an entry to the audit trail platform admins read; a failure is logged, not thrown. */
  async recordAudit(entry: AuditTrailEntry): Promise<void> {
    try {
      await this.call(
        '/audit/events',
        entry,
        await this.auth.getOwnServiceCredentials(),
      );
    } catch (error) {
      this.logger?.warn(
        `Could not add ${entry.action} by ${entry.actor} to the audit trail: ${error}`,
      );
    }
  }
}
