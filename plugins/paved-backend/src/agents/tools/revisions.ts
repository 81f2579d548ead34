import { revisionRoutes } from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import { budgetFields, defineAgentTool } from '../agentTool';
import { entityField, entityParams, environmentField } from '../entityInput';

const VALUE_CHARS = 120;

/** A drifted value, short: JSON cut to a few dozen characters. */
const shortValue = (value: unknown) =>
  value === undefined ? undefined : JSON.stringify(value).slice(0, VALUE_CHARS);

/** `paved.revisions`: the changes Paved applied to a component, and what drifted since. */
export const revisionsTool = defineAgentTool({
  name: 'revisions',
  title: "A component's revisions and drift",
  description:
    "Lists the revisions Paved recorded for the component's environments you may see (newest first: who changed what, from which template, approval or rollback, and its outcome) and the live fields that drifted from the latest revision, with the field manager that changed them. A revision number is what paved.request-rollback restores.",
  budgetBytes: 8_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    entity: entityField,
    environment: environmentField,
    limit: z.number().int().min(1).max(50).default(10),
  }),
  output: z.object({
    revisions: z.array(
      z.object({
        cluster: z.string(),
        namespace: z.string(),
        revision: z.number(),
        at: z.string(),
        actor: z.string(),
        source: z.string(),
        outcome: z.string(),
        objects: z.array(z.string()),
        message: z.string().optional(),
      }),
    ),
    drift: z.array(
      z.object({
        cluster: z.string(),
        namespace: z.string(),
        object: z.string(),
        revision: z.number(),
        fields: z.array(
          z.object({
            path: z.string(),
            expected: z.string().optional(),
            actual: z.string().optional(),
            manager: z.string().optional(),
          }),
        ),
      }),
    ),
    notes: z.array(z.string()).optional(),
    ...budgetFields,
  }),
  examples: [
    {
      title: 'Recent changes to payments-api in production',
      input: { entity: 'payments-api', environment: 'production', limit: 5 },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const params = entityParams(input.entity);
    const [list, drift] = await Promise.all([
      deps.backend.read(
        revisionRoutes.entityRevisions,
        { params, query: { limit: 100 } },
        caller.credentials,
      ),
      deps.backend.read(
        revisionRoutes.entityDrift,
        { params },
        caller.credentials,
      ),
    ]);
    const inEnvironment = (namespace: string) =>
      !input.environment || namespace.endsWith(`-${input.environment}`);
    return {
      revisions: list.revisions
        .filter(r => inEnvironment(r.namespace))
        .slice(0, input.limit)
        .map(r => ({
          cluster: r.cluster,
          namespace: r.namespace,
          revision: r.revision,
          at: r.at,
          actor: r.actor,
          source: [
            r.source.kind,
            r.source.template,
            r.source.approvalId && `approval ${r.source.approvalId}`,
          ]
            .filter(Boolean)
            .join(' '),
          outcome: r.outcome,
          objects: r.objects.map(o => `${o.kind}/${o.name}`),
          ...(r.message ? { message: r.message } : {}),
        })),
      drift: drift.objects
        .filter(o => inEnvironment(o.namespace))
        .map(o => ({
          cluster: o.cluster,
          namespace: o.namespace,
          object: `${o.kind}/${o.name}`,
          revision: o.revision,
          fields: o.fields.map(f => ({
            path: f.path,
            ...(f.expected !== undefined
              ? { expected: shortValue(f.expected) }
              : {}),
            ...(f.actual !== undefined ? { actual: shortValue(f.actual) } : {}),
            ...(f.manager ? { manager: f.manager } : {}),
          })),
        })),
      ...(drift.notes.length ? { notes: drift.notes } : {}),
    };
  },
});
