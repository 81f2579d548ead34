import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { BudgetState } from '@paved/plugin-paved-common';
import { GroupLookup, teamLeadsOf } from '@paved/plugin-paved-node';
import { ApprovalRequest } from '../approvals/ApprovalStore';

/** Notification topics, so users can mute one kind in their notification settings. */
export const NOTIFICATION_TOPICS = {
  approvals: 'paved-approvals',
  budgets: 'paved-budgets',
} as const;

/** The catalog page of an entity, as the app routes it. */
function entityPage(entityRef: string): string {
  const ref = parseEntityRef(entityRef);
  return `/catalog/${ref.namespace}/${ref.kind.toLocaleLowerCase('en-US')}/${
    ref.name
  }`;
}

/**
 * Sends Paved's Backstage notifications: approval requests to the team's leads, decisions to the requester,
 * and budget alerts to the team. Without the notifications backend (no service, or it does not answer) a
 * notification is logged and dropped; the pages show the same facts.
 */
export class PavedNotifier {
  constructor(
    private readonly deps: {
      notifications?: NotificationService;
      catalog: GroupLookup;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  private async send(options: NotificationSendOptions): Promise<boolean> {
    if (!this.deps.notifications) return false;
    try {
      await this.deps.notifications.send(options);
      return true;
    } catch (error) {
      this.deps.logger.warn(
        `Could not send the notification "${options.payload.title}": ${error}`,
      );
      return false;
    }
  }

  /** Tells the leads of the request's team (the team's members when it names no leads) that a change waits. */
  async approvalRequested(request: ApprovalRequest): Promise<boolean> {
    let leads: string[] = [];
    try {
      leads = await teamLeadsOf(
        this.deps.catalog,
        request.team,
        await this.deps.auth.getOwnServiceCredentials(),
      );
    } catch (error) {
      this.deps.logger.warn(
        `No team leads of ${request.team} to notify: ${error}`,
      );
    }
    return this.send({
      recipients: {
        type: 'entity',
        entityRef: leads.length > 0 ? leads : request.team,
        excludeEntityRef: request.requestedBy,
      },
      payload: {
        title: `Approval requested in ${request.namespace}: ${request.summary}`,
        description: `${request.requestedBy} asks for this change to ${request.cluster}/${request.namespace}. A team lead of ${request.team} approves or rejects it under Change requests; it expires ${request.expiresAt}.`,
        link: entityPage(request.team),
        severity: 'high',
        topic: NOTIFICATION_TOPICS.approvals,
        scope: `paved:approval:${request.id}`,
      },
    });
  }

  /** Tells the requester how their request was decided and, once it ran, how it went. */
  async approvalDecided(request: ApprovalRequest): Promise<boolean> {
    let title: string;
    if (request.status === 'rejected') {
      title = `Rejected by ${request.decidedBy}: ${request.summary}`;
    } else if (request.outcome === 'failed') {
      title = `Approved by ${request.decidedBy} but failed: ${request.summary}`;
    } else {
      title = `Approved by ${request.decidedBy} and applied: ${request.summary}`;
    }
    const details = [
      request.decisionComment && `Comment: ${request.decisionComment}`,
      request.outcomeMessage,
    ].filter(Boolean);
    return this.send({
      recipients: { type: 'entity', entityRef: request.requestedBy },
      payload: {
        title,
        description: details.length
          ? details.join('\n')
          : `${request.cluster}/${request.namespace}`,
        link: entityPage(request.team),
        severity: request.outcome === 'failed' ? 'high' : 'normal',
        topic: NOTIFICATION_TOPICS.approvals,
        scope: `paved:approval:${request.id}`,
      },
    });
  }

  /** Tells a team's members that it is near or over its monthly budget. */
  async budgetAlert(alert: {
    team: string;
    state: Exclude<BudgetState, 'ok'>;
    month: string;
    budget: string;
    monthToDate: string;
    projected: string;
  }): Promise<boolean> {
    const over = alert.state === 'over';
    return this.send({
      recipients: { type: 'entity', entityRef: alert.team },
      payload: {
        title: over
          ? `${alert.team} is over its monthly budget of ${alert.budget}`
          : `${alert.team} is close to its monthly budget of ${alert.budget}`,
        description: `Projected ${alert.projected} for ${alert.month} (month to date ${alert.monthToDate}). The team's page shows the most expensive environments and components; their pages suggest smaller requests.`,
        link: entityPage(alert.team),
        severity: over ? 'high' : 'normal',
        topic: NOTIFICATION_TOPICS.budgets,
        scope: `paved:budget:${alert.team}:${alert.month}`,
      },
    });
  }
}
