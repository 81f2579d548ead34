import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ApprovalRequestView,
  AuditEventView,
  EntityPlatformOverview,
} from '@paved/plugin-paved-common';
import {
  ComponentCost,
  EntityDiagnosis,
  EnvironmentCost,
  EntityEvent,
  EntityLogLine,
  LogQuery,
  PavedApi,
  PodUsage,
  SignalSeries,
  TeamCost,
  TeamsCost,
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
  ): Promise<{ lines: EntityLogLine[]; notice?: string }> {
    const logs = await this.get<WireLogs>(
      `${entityPath(entity)}/logs${queryString(query)}`,
    );
    return {
      lines: logs.lines.map(l => toLogLine(l, logs.sources)),
      ...(logs.notice ? { notice: logs.notice } : {}),
    };
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
    // the stream names its containers once (`event: sources`); each line points at one by index
    let sources: WireLogs['sources'] = [];
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
          if (data && /^event: sources$/m.test(event)) {
            sources = JSON.parse(data).sources;
          } else if (data && /^event: line$/m.test(event)) {
            onLine(toLogLine(JSON.parse(data), sources));
          } else if (data && /^event: error$/m.test(event)) {
            // the follow failed or reached one of its limits; the message says which
            throw new Error(JSON.parse(data).message);
          }
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
    const { step, series } = await this.get<WireSignals>(
      `${entityPath(entity)}/metrics/golden-signals${queryString(query)}`,
    );
    return {
      series: series.map(({ start, values, ...rest }) => ({
        ...rest,
        points: values.flatMap(
          (v, i): Array<[number, number]> =>
            v === null ? [] : [[start + i * step, v]],
        ),
      })),
    };
  }

  async getDiagnoses(
    entity: CompoundEntityRef,
  ): Promise<{ diagnoses: EntityDiagnosis[] }> {
    return this.get(`${entityPath(entity)}/diagnoses`);
  }

  async getEvents(
    entity: CompoundEntityRef,
    query: { environment?: string; limit?: number },
  ): Promise<{ events: EntityEvent[]; total: number }> {
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
    confirm?: string,
  ): Promise<ApprovalRequestView> {
    return this.post(`/approvals/${encodeURIComponent(id)}/decision`, {
      decision,
      ...(comment ? { comment } : {}),
      ...(confirm ? { confirm } : {}),
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

  async getComponentCost(entity: CompoundEntityRef): Promise<ComponentCost> {
    return this.get(`${entityPath({ ...entity, kind: 'component' })}/cost`);
  }

  async getTeamCost(entity: CompoundEntityRef): Promise<TeamCost> {
    return this.get(`${entityPath({ ...entity, kind: 'group' })}/cost`);
  }

  async getEnvironmentCost(
    entity: CompoundEntityRef,
  ): Promise<EnvironmentCost> {
    return this.get(`${entityPath({ ...entity, kind: 'resource' })}/cost`);
  }

  async getTeamsCost(): Promise<TeamsCost> {
    return this.get('/teams/cost');
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

/** The logs endpoint's answer: each container described once, lines pointing at it by index. */
interface WireLogs {
  sources: Array<Omit<EntityLogLine, 'time' | 'text'>>;
  lines: Array<{ t: string; s: number; text: string }>;
  notice?: string;
}

/** The golden-signals endpoint's answer: values on a shared step from each series' start (`null`: no sample). */
interface WireSignals {
  step: number;
  series: Array<
    Omit<SignalSeries, 'points'> & {
      start: number;
      values: Array<number | null>;
    }
  >;
}

function toLogLine(
  line: WireLogs['lines'][number],
  sources: WireLogs['sources'],
): EntityLogLine {
  return { ...sources[line.s], time: line.t, text: line.text };
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
