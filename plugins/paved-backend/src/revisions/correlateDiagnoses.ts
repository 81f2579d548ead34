import { EntityDiagnosis } from '@paved/plugin-paved-common';
import { KubernetesObject, workloadChanges } from '@paved/plugin-paved-node';
import { RevisionStore } from './RevisionStore';

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
]);

/** How many of an environment's newest revisions are searched for the failing workload. */
const RECENT_REVISIONS = 50;

/**
 * The workload a diagnosed object belongs to among the names Paved applied: itself, or the longest workload
 * name its pod name starts with (`<deployment>-<hash>-<hash>`, `<statefulset>-<n>`).
 */
function owningWorkload(
  object: { kind: string; name: string },
  workloads: Array<{ kind: string; name: string }>,
): { kind: string; name: string } | undefined {
  if (WORKLOAD_KINDS.has(object.kind)) {
    return workloads.find(
      w => w.kind === object.kind && w.name === object.name,
    );
  }
  return workloads
    .filter(w => object.name.startsWith(`${w.name}-`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

/**
 * Adds to each diagnosis the revision that preceded it: the newest revision Paved applied to the failing
 * workload, what it changed that bears on the diagnosis (e.g. `memory limit 512Mi → 256Mi`), and the
 * revision before it, which a rollback restores. Diagnoses of workloads Paved never applied, or whose last
 * revision changed nothing relevant, are left as they are.
 */
export async function correlateDiagnoses(
  store: RevisionStore,
  diagnoses: EntityDiagnosis[],
): Promise<EntityDiagnosis[]> {
  const recent = new Map<
    string,
    Promise<Array<{ kind: string; name: string }>>
  >();
  const workloadsOf = (cluster: string, namespace: string) => {
    const key = `${cluster}/${namespace}`;
    let found = recent.get(key);
    if (!found) {
      found = store
        .list({
          environments: [{ cluster, namespace }],
          limit: RECENT_REVISIONS,
        })
        .then(({ revisions }) =>
          revisions.flatMap(r =>
            r.objects.filter(o => WORKLOAD_KINDS.has(o.kind)),
          ),
        );
      recent.set(key, found);
    }
    return found;
  };
  return Promise.all(
    diagnoses.map(async diagnosis => {
      const { cluster, namespace } = diagnosis;
      const workload = owningWorkload(
        diagnosis.object,
        await workloadsOf(cluster, namespace),
      );
      if (!workload) return diagnosis;
      const [last, previous] = await store.forObject(
        { cluster, namespace, kind: workload.kind, name: workload.name },
        2,
      );
      if (!last) return diagnosis;
      const find = (manifests: unknown[] | undefined) =>
        (manifests as KubernetesObject[] | undefined)?.find(
          o => o.kind === workload.kind && o.metadata.name === workload.name,
        );
      const after = find(last.manifests);
      if (!after) return diagnosis;
      const before = find(previous?.manifests);
      const changes = workloadChanges(before, after, diagnosis.kind);
      if (changes.length === 0) return diagnosis;
      return {
        ...diagnosis,
        change: {
          revision: last.revision,
          at: last.at,
          actor: last.actor,
          changes,
          ...(previous ? { rollbackTo: previous.revision } : {}),
        },
      };
    }),
  );
}
