import { InputError } from '@backstage/errors';
import {
  RevisionObject,
  RevisionOutcome,
  RevisionSource,
  RevisionSummary,
  RevisionView,
} from '@paved/plugin-paved-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubernetesObject,
  RevisionRecorder,
  componentOf,
  componentsOf,
  toRevisionObject,
} from '@paved/plugin-paved-node';
import { requirePageSize, requireText } from '../database/inputChecks';
import { Timestamp, readTimestamp } from '../database/json';
import { PavedStore } from '../database/PavedStore';

const TABLE = 'paved_revisions';
const OBJECTS = 'paved_revision_objects';
const MAX_LIMIT = 500;
/** Attempts at taking the next revision number when two changes of one environment end together. */
const NUMBER_ATTEMPTS = 5;

/** A revision to store. */
export interface NewRevision {
  cluster: string;
  namespace: string;
  actor: string;
  source: RevisionSource;
  outcome: RevisionOutcome;
  message?: string;
  /** The objects as applied; Secrets are stored with their key names only. */
  manifests: KubernetesObject[];
  results: RevisionSummary['objects'];
  diff: string;
  at?: Date;
}

interface RevisionRow {
  id: number | string;
  cluster: string;
  namespace: string;
  revision: number;
  at: Timestamp;
  actor: string;
  source: string;
  outcome: string;
  message: string | null;
  components: string;
  manifests?: string;
  results: string;
  diff?: string;
}

const SUMMARY_COLUMNS = [
  'id',
  'cluster',
  'namespace',
  'revision',
  'at',
  'actor',
  'source',
  'outcome',
  'message',
  'components',
  'results',
];

/** Which revisions a list shows. */
export interface RevisionQuery {
  /** Environments to include; empty answers nothing. */
  environments: Array<{ cluster: string; namespace: string }>;
  /** Only revisions that touched this component. */
  component?: string;
  limit?: number;
  /** Only revisions numbered below this (one environment only). */
  before?: number;
}

/**
 * Paved's revisions in the plugin's database (SQLite or PostgreSQL): every change applied to an
 * environment, numbered per environment, immutable once written. Secrets are kept as key names.
 */
export class RevisionStore extends PavedStore {
  /** Stores a revision under the environment's next number. */
  async record(input: NewRevision): Promise<RevisionSummary> {
    const what = 'A revision';
    requireText(what, 'cluster', input.cluster, 255);
    requireText(what, 'namespace', input.namespace, 255);
    requireText(what, 'actor', input.actor, 255);
    if (input.manifests.length === 0) {
      throw new InputError('A revision needs at least one object (manifests)');
    }
    const manifests = input.manifests.map(toRevisionObject);
    const at = input.at ?? new Date();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async tx => {
          const last = await tx(TABLE)
            .where({ cluster: input.cluster, namespace: input.namespace })
            .max<{ last: number | null }[]>('revision as last');
          const revision = Number(last[0]?.last ?? 0) + 1;
          const row: Omit<RevisionRow, 'id'> = {
            cluster: input.cluster,
            namespace: input.namespace,
            revision,
            at,
            actor: input.actor,
            source: JSON.stringify(input.source),
            outcome: input.outcome,
            message: input.message ?? null,
            components: JSON.stringify(componentsOf(manifests)),
            manifests: JSON.stringify(manifests),
            results: JSON.stringify(input.results),
            diff: input.diff,
          };
          const [inserted] = await tx<RevisionRow>(TABLE).insert(row, ['id']);
          const id =
            typeof inserted === 'object' && inserted !== null
              ? inserted.id
              : (inserted as number | string);
          await tx(OBJECTS).insert(
            manifests.map(o => ({
              revision_id: id,
              cluster: input.cluster,
              namespace: input.namespace,
              revision,
              kind: o.kind,
              name: o.metadata.name,
              component: componentOf(o) ?? null,
            })),
          );
          return toSummary({ ...row, id });
        });
      } catch (error) {
        // another change of the environment took the number; take the next one
        if (attempt >= NUMBER_ATTEMPTS || !isUniqueViolation(error)) {
          throw error;
        }
      }
    }
  }

  /**
   * This store as the apply paths' recorder: a revision that cannot be stored is logged, never thrown,
   * since the change it records has happened.
   */
  recorder(logger: LoggerService): RevisionRecorder {
    return {
      record: async record => {
        try {
          const summary = await this.record({
            ...record,
            manifests: record.manifests as KubernetesObject[],
            results: record.results ?? [],
            diff: record.diff ?? '',
          });
          return summary.revision;
        } catch (error) {
          logger.error(
            `Could not record the revision of a change to ${record.cluster}/${record.namespace} by ${record.actor}: ${error}`,
          );
          return undefined;
        }
      },
    };
  }

  /** Revisions of the environments, newest first; `more` when older ones exist. */
  async list(
    query: RevisionQuery,
  ): Promise<{ revisions: RevisionSummary[]; more: boolean }> {
    const limit = query.limit ?? 50;
    requirePageSize(limit, MAX_LIMIT);
    if (query.environments.length === 0) return { revisions: [], more: false };
    const q = this.db(`${TABLE} as r`).select(
      SUMMARY_COLUMNS.map(c => `r.${c}`),
    );
    q.where(w => {
      for (const env of query.environments) {
        w.orWhere(e =>
          e
            .where('r.cluster', env.cluster)
            .andWhere('r.namespace', env.namespace),
        );
      }
    });
    if (query.component !== undefined) {
      q.whereExists(
        this.db(`${OBJECTS} as o`)
          .select(this.db.raw('1'))
          // the component index covers (component, cluster, namespace, revision), unique per revision
          .whereRaw(
            'o.cluster = r.cluster and o.namespace = r.namespace and o.revision = r.revision',
          )
          .andWhere('o.component', query.component),
      );
    }
    if (query.before !== undefined) q.where('r.revision', '<', query.before);
    const rows = (await q
      .orderBy([
        { column: 'r.at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .limit(limit + 1)) as RevisionRow[];
    return {
      revisions: rows.slice(0, limit).map(toSummary),
      more: rows.length > limit,
    };
  }

  /** One revision with its objects and diff, or undefined. */
  async get(
    cluster: string,
    namespace: string,
    revision: number,
  ): Promise<RevisionView | undefined> {
    const row = await this.db<RevisionRow>(TABLE)
      .where({ cluster, namespace, revision })
      .first();
    return row ? toView(row) : undefined;
  }

  /** The environment's revisions after `revision`, oldest first, with their objects. */
  async after(
    cluster: string,
    namespace: string,
    revision: number,
  ): Promise<RevisionView[]> {
    const rows = await this.db<RevisionRow>(TABLE)
      .where({ cluster, namespace })
      .andWhere('revision', '>', revision)
      .orderBy('revision', 'asc');
    return rows.map(toView);
  }

  /** The environment's newest revision number, 0 when it has none. */
  async latestNumber(cluster: string, namespace: string): Promise<number> {
    const last = await this.db(TABLE)
      .where({ cluster, namespace })
      .max<{ last: number | null }[]>('revision as last');
    return Number(last[0]?.last ?? 0);
  }

  /**
   * The newest revisions that hold an object, newest first (at most `limit`): what Paved last applied to it
   * and what it applied before.
   */
  async forObject(
    place: { cluster: string; namespace: string; kind: string; name: string },
    limit = 2,
  ): Promise<RevisionView[]> {
    const ids = await this.db(OBJECTS)
      .where(place)
      .orderBy('revision', 'desc')
      .limit(limit)
      .select<{ revision_id: number | string }[]>('revision_id');
    if (ids.length === 0) return [];
    const rows = await this.db<RevisionRow>(TABLE)
      .whereIn(
        'id',
        ids.map(i => i.revision_id),
      )
      .orderBy('revision', 'desc');
    return rows.map(toView);
  }

  /**
   * Deletes revisions beyond the retention: all but the newest `keep` of each environment, and those older
   * than `maxAgeDays` (0 keeps them whatever their age) except each environment's newest. Answers how many
   * went.
   */
  async prune(options: { keep: number; maxAgeDays: number }): Promise<number> {
    let removed = 0;
    const envs = await this.db(TABLE)
      .select('cluster', 'namespace')
      .max<{ cluster: string; namespace: string; last: number }[]>(
        'revision as last',
      )
      .groupBy('cluster', 'namespace');
    for (const env of envs) {
      const place = { cluster: env.cluster, namespace: env.namespace };
      const last = Number(env.last);
      const q = this.db(TABLE).where(place).andWhere('revision', '<', last);
      q.andWhere(w => {
        w.where('revision', '<=', last - options.keep);
        if (options.maxAgeDays > 0) {
          w.orWhere(
            'at',
            '<',
            new Date(Date.now() - options.maxAgeDays * 86_400_000),
          );
        }
      });
      const ids = (await q.clone().select<{ id: number | string }[]>('id')).map(
        r => r.id,
      );
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await this.db(OBJECTS).whereIn('revision_id', chunk).delete();
        removed += await this.db(TABLE).whereIn('id', chunk).delete();
      }
    }
    return removed;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(String(e?.message))
  );
}

function toSummary(row: RevisionRow): RevisionSummary {
  return {
    cluster: row.cluster,
    namespace: row.namespace,
    revision: Number(row.revision),
    components: JSON.parse(row.components),
    actor: row.actor,
    at: readTimestamp(row.at).toISOString(),
    source: JSON.parse(row.source),
    outcome: row.outcome as RevisionOutcome,
    ...(row.message !== null && { message: row.message }),
    objects: JSON.parse(row.results),
  };
}

function toView(row: RevisionRow): RevisionView {
  return {
    ...toSummary(row),
    manifests: JSON.parse(row.manifests ?? '[]') as RevisionObject[],
    diff: row.diff ?? '',
  };
}
