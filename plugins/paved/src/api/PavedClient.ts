import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ApprovalRequestView,
  AuditEventView,
  EntityPlatformOverview,
} from '@paved/plugin-paved-common';
import {
  EntityDiagnosis,
  EntityEvent,
  EntityLogLine,
  LogQuery,
  PavedApi,
  PodUsage,
  SignalSeries,
} from './PavedApi';

/**
 * {@link PavedApi} over HTTP, authenticated by the app's fetch API.
 *
 * @public
 */
export class PavedClient implements PavedApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getOverview(
    entity: CompoundEntityRef,
  ): Promise<EntityPlatformOverview> {
    return this.get(`${entityPath(entity)}/overview`);
  }

  async getLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
  ): Promise<{ lines: EntityLogLine[] }> {
    return this.get(`${entityPath(entity)}/logs${queryString(query)}`);
  }

  async followLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
    onLine: (line: EntityLogLine) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const baseUrl = await this.discoveryApi.getBaseUrl('paved');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${entityPath(entity)}/logs/follow${queryString({
        ...query,
        tail: undefined,
      })}`,
      { signal, headers: { Accept: 'text/event-stream' } },
    );
    if (!response.ok || !response.body) {
      throw await ResponseError.fromResponse(response);
    }
    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (data && /^event: line$/m.test(event)) onLine(JSON.parse(data));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }

  async getCurrentMetrics(
    entity: CompoundEntityRef,
  ): Promise<{ pods: PodUsage[] }> {
    return this.get(`${entityPath(entity)}/metrics/current`);
  }

  async getGoldenSignals(
    entity: CompoundEntityRef,
    query: { range: string; environment?: string },
  ): Promise<{ series: SignalSeries[] }> {
    return this.get(
      `${entityPath(entity)}/metrics/golden-signals${queryString(query)}`,
    );
  }

  async getDiagnoses(
    entity: CompoundEntityRef,
  ): Promise<{ diagnoses: EntityDiagnosis[] }> {
    return this.get(`${entityPath(entity)}/diagnoses`);
  }

  async getEvents(
    entity: CompoundEntityRef,
    query: { environment?: string },
  ): Promise<{ events: EntityEvent[] }> {
    return this.get(`${entityPath(entity)}/events${queryString(query)}`);
  }

  async listApprovals(query: {
    status?: ApprovalRequestView['status'];
    namespace?: string;
  }): Promise<{ requests: ApprovalRequestView[] }> {
    return this.get(`/approvals${queryString(query)}`);
  }

  async decideApproval(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ): Promise<ApprovalRequestView> {
    return this.post(`/approvals/${encodeURIComponent(id)}/decision`, {
      decision,
      ...(comment ? { comment } : {}),
    });
  }

  async getAuditTrail(query: {
    limit?: number;
    before?: string;
    namespace?: string;
    actor?: string;
  }): Promise<{ events: AuditEventView[]; nextCursor?: string }> {
    return this.get(`/audit${queryString(query)}`);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('paved');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('paved');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  return `/entities/${encodeURIComponent(
    entity.namespace,
  )}/${encodeURIComponent(entity.kind)}/${encodeURIComponent(entity.name)}`;
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
