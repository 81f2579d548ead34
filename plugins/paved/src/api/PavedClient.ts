import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  CompactLogLine,
  LogSource,
  PlatformPartName,
  RouteCaller,
  approvalRoutes,
  auditRoutes,
  costRoutes,
  createRouteCaller,
  entityRoutes,
  GoldenPath,
  previewRoutes,
  revisionRoutes,
  routeRequest,
  secretRoutes,
} from '@paved/plugin-paved-common';
import {
  ChangePreviewBody,
  EntityLogLine,
  EnvironmentRef,
  LogQuery,
  LogSourceChange,
  PavedApi,
  RevisionPlace,
  RollbackBody,
  SecretPlace,
} from './PavedApi';
import { followEvents } from './followEvents';
import { toPlatformPageView } from './platformPage';

/**
 * {@link PavedApi} over HTTP, authenticated by the app's fetch API. Every call goes through the
 * `/api/paved` contract of `@paved/plugin-paved-common`.
 *
 * @public
 */
export class PavedClient implements PavedApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly call: RouteCaller;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.call = createRouteCaller(async request =>
      this.fetchApi.fetch(
        `${await this.discoveryApi.getBaseUrl('paved')}${request.path}`,
        {
          method: request.method,
          ...(request.body === undefined
            ? {}
            : {
                body: request.body,
                headers: { 'Content-Type': 'application/json' },
              }),
        },
      ),
    );
  }

  getOverview(entity: CompoundEntityRef) {
    return this.call(entityRoutes.overview, { params: entityParams(entity) });
  }

  async getLogs(entity: CompoundEntityRef, query: LogQuery) {
    const logs = await this.call(entityRoutes.logs, {
      params: entityParams(entity),
      query,
    });
    return {
      lines: logs.lines.map(l => toLogLine(l, logs.sources)),
      ...(logs.notice ? { notice: logs.notice } : {}),
      ...(logs.unavailableClusters
        ? { unavailableClusters: logs.unavailableClusters }
        : {}),
    };
  }

  async followLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
    onLine: (line: EntityLogLine) => void,
    signal: AbortSignal,
    onSource?: (change: LogSourceChange) => void,
  ): Promise<void> {
    const { tail: _tail, ...filters } = query;
    const request = routeRequest(entityRoutes.followLogs, {
      params: entityParams(entity),
      query: filters,
    });
    const baseUrl = await this.discoveryApi.getBaseUrl('paved');
    const response = await this.fetchApi.fetch(`${baseUrl}${request.path}`, {
      signal,
      headers: { Accept: 'text/event-stream' },
    });
    if (!response.ok || !response.body) {
      throw await ResponseError.fromResponse(response);
    }
    // the stream names its containers once (`sources`); each line points at one by index
    let sources: LogSource[] = [];
    try {
      for await (const { event, data } of followEvents(response.body)) {
        if (event === 'sources') sources = data.sources;
        else if (event === 'line') onLine(toLogLine(data, sources));
        // one container's stream failed, came back or stopped; the others go on
        else if (event === 'source') {
          const source = sources[data.s];
          if (source) onSource?.({ ...data, source });
        }
        // the follow failed or reached one of its limits; the message says which
        else if (event === 'error') throw new Error(data.message);
        else return;
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }

  getCurrentMetrics(entity: CompoundEntityRef) {
    return this.call(entityRoutes.currentMetrics, {
      params: entityParams(entity),
    });
  }

  async getGoldenSignals(
    entity: CompoundEntityRef,
    query: Parameters<PavedApi['getGoldenSignals']>[1],
  ) {
    const { step, series, unavailableClusters } = await this.call(
      entityRoutes.goldenSignals,
      { params: entityParams(entity), query },
    );
    return {
      ...(unavailableClusters ? { unavailableClusters } : {}),
      series: series.map(({ start, values, ...rest }) => ({
        ...rest,
        points: values.flatMap(
          (v, i): Array<[number, number]> =>
            v === null ? [] : [[start + i * step, v]],
        ),
      })),
    };
  }

  async getPlatformPage(
    entity: CompoundEntityRef,
    parts?: readonly PlatformPartName[],
  ) {
    return toPlatformPageView(
      await this.call(entityRoutes.platform, {
        params: entityParams(entity),
        query: parts ? { parts: parts.join(',') } : {},
      }),
    );
  }

  getHealth(
    entity: CompoundEntityRef,
    query: Parameters<PavedApi['getHealth']>[1],
  ) {
    return this.call(entityRoutes.health, {
      params: entityParams(entity),
      query,
    });
  }

  getDiagnoses(entity: CompoundEntityRef) {
    return this.call(entityRoutes.diagnoses, { params: entityParams(entity) });
  }

  getEvents(
    entity: CompoundEntityRef,
    query: Parameters<PavedApi['getEvents']>[1],
  ) {
    return this.call(entityRoutes.events, {
      params: entityParams(entity),
      query,
    });
  }

  getDelivery(entity: CompoundEntityRef) {
    return this.call(entityRoutes.delivery, {
      params: entityParams(entity),
    });
  }

  getTraces(
    entity: CompoundEntityRef,
    query: Parameters<PavedApi['getTraces']>[1],
  ) {
    return this.call(entityRoutes.traces, {
      params: entityParams(entity),
      query,
    });
  }

  getTrace(
    entity: CompoundEntityRef,
    traceId: string,
    query: Parameters<PavedApi['getTrace']>[2],
  ) {
    return this.call(entityRoutes.trace, {
      params: { ...entityParams(entity), traceId },
      query,
    });
  }

  listApprovals(query: Parameters<PavedApi['listApprovals']>[0]) {
    return this.call(approvalRoutes.list, { query });
  }

  decideApproval(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
    confirm?: string,
    values?: Record<string, string>,
  ) {
    return this.call(approvalRoutes.decide, {
      params: { id },
      body: {
        decision,
        ...(comment ? { comment } : {}),
        ...(confirm ? { confirm } : {}),
        ...(values ? { values } : {}),
      },
    });
  }

  confirmAgentRequest(
    id: string,
    decision: 'confirm' | 'cancel',
    confirm?: string,
  ) {
    return this.call(approvalRoutes.confirm, {
      params: { id },
      body: { decision, ...(confirm ? { confirm } : {}) },
    });
  }

  getAuditTrail(query: Parameters<PavedApi['getAuditTrail']>[0]) {
    return this.call(auditRoutes.list, { query });
  }

  getComponentCost(entity: CompoundEntityRef) {
    return this.call(costRoutes.componentCost, { params: entity });
  }

  getTeamCost(entity: CompoundEntityRef) {
    return this.call(costRoutes.teamCost, { params: entity });
  }

  getEnvironmentCost(entity: CompoundEntityRef) {
    return this.call(costRoutes.environmentCost, { params: entity });
  }

  getTeamsCost() {
    return this.call(costRoutes.teamsCost, {});
  }

  getEntitySecrets(entity: CompoundEntityRef) {
    return this.call(secretRoutes.entitySecrets, {
      params: entityParams(entity),
    });
  }

  getEnvironmentSecrets(cluster: string, namespace: string) {
    return this.call(secretRoutes.environmentSecrets, {
      params: { cluster, namespace },
    });
  }

  setSecretValues(
    place: SecretPlace,
    body: Parameters<PavedApi['setSecretValues']>[1],
  ) {
    return this.call(secretRoutes.setValues, { params: place, body });
  }

  setSecretRotation(
    place: SecretPlace,
    body: Parameters<PavedApi['setSecretRotation']>[1],
  ) {
    return this.call(secretRoutes.setRotation, { params: place, body });
  }

  rotateSecret(place: SecretPlace, entityRef?: string) {
    return this.call(secretRoutes.rotate, {
      params: place,
      body: entityRef ? { entityRef } : {},
    });
  }

  getEntityRevisions(
    entity: CompoundEntityRef,
    query: Parameters<PavedApi['getEntityRevisions']>[1],
  ) {
    return this.call(revisionRoutes.entityRevisions, {
      params: entityParams(entity),
      query,
    });
  }

  getEntityDrift(entity: CompoundEntityRef) {
    return this.call(revisionRoutes.entityDrift, {
      params: entityParams(entity),
    });
  }

  getEnvironmentRevisions(
    environment: EnvironmentRef,
    query?: Parameters<PavedApi['getEnvironmentRevisions']>[1],
  ) {
    return this.call(revisionRoutes.environmentRevisions, {
      params: environmentParams(environment),
      query,
    });
  }

  getRevision(revision: RevisionPlace) {
    return this.call(revisionRoutes.get, { params: revisionParams(revision) });
  }

  getRevisionDiff(environment: EnvironmentRef, from: number, to: number) {
    return this.call(revisionRoutes.diff, {
      params: environmentParams(environment),
      query: { from, to },
    });
  }

  rollback(revision: RevisionPlace, body: RollbackBody) {
    return this.call(revisionRoutes.rollback, {
      params: revisionParams(revision),
      body,
    });
  }

  previewGoldenPath(goldenPath: GoldenPath, body: ChangePreviewBody) {
    return this.call(previewRoutes.goldenPath, {
      params: { goldenPath },
      body,
    });
  }

  getGitTarget(query: { owner?: string; name?: string }) {
    return this.call(previewRoutes.gitTarget, { query });
  }
}

function environmentParams(environment: EnvironmentRef) {
  return { cluster: environment.cluster, namespace: environment.namespace };
}

function revisionParams(revision: RevisionPlace) {
  return {
    ...environmentParams(revision),
    revision: String(revision.revision),
  };
}

function toLogLine(line: CompactLogLine, sources: LogSource[]): EntityLogLine {
  return { ...sources[line.s], time: line.t, text: line.text };
}

function entityParams(entity: CompoundEntityRef) {
  return {
    namespace: entity.namespace,
    kind: entity.kind,
    name: entity.name,
  };
}
