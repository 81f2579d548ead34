import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BudgetCheck, ChangeImpact } from '@paved/plugin-paved-common';
import { ApplyPlan, PavedBackendClient } from '@paved/plugin-paved-node';

const money = (n: number) => n.toFixed(2);

/** A forecast range as the task log shows it: `+12.34` or `+10.00..+40.00`. */
function range(r: { min: number; max: number }): string {
  const one = (n: number) => `${n >= 0 ? '+' : ''}${money(n)}`;
  return r.min === r.max ? one(r.min) : `${one(r.min)}..${one(r.max)}`;
}

/** The blast radius and cost forecast of a change, as lines of the task log. */
export function describeImpact(impact: ChangeImpact): string[] {
  const { blastRadius: b, cost } = impact;
  const lines: string[] = [];
  for (const r of b.restartingPods) {
    lines.push(`Blast radius: ${r.workload} restarts ${r.pods.length} pod(s)`);
  }
  for (const s of b.services) lines.push(`Blast radius: ${s.message}`);
  for (const c of b.conflicts) lines.push(`Blast radius: ${c.message}`);
  for (const t of b.cutTraffic) lines.push(`Blast radius: ${t.message}`);
  if (b.components.length > 0) {
    lines.push(
      `Affected components: ${b.components.join(', ')}${
        b.owners.length ? ` (owned by ${b.owners.join(', ')})` : ''
      }`,
    );
  }
  if (cost) {
    lines.push(
      `Cost forecast: ${range(cost.delta)} ${cost.currency}/month (${money(
        cost.before.max,
      )} → ${money(cost.after.max)})`,
    );
  }
  impact.notes.forEach(n => lines.push(`Impact: ${n}`));
  return lines;
}

/**
 * Asks the Paved backend whether the plan's cost forecast pushes the environment's team over its budget
 * (only for a change that costs more, to one environment); undefined when there is nothing to check.
 */
export async function checkBudget(
  plan: ApplyPlan,
  options: {
    paved?: PavedBackendClient;
    credentials: BackstageCredentials;
  },
): Promise<BudgetCheck | undefined> {
  const delta = plan.impact?.cost?.delta.max;
  const namespaces = new Set(plan.results.map(r => r.namespace));
  if (!options.paved || !delta || delta <= 0 || namespaces.size !== 1) {
    return undefined;
  }
  const [namespace] = [...namespaces];
  if (!namespace) return undefined;
  return options.paved.budgetCheck(
    { cluster: plan.cluster, namespace },
    delta,
    options.credentials,
  );
}
