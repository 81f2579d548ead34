import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** The `entity` field of the read tools: a component's name or entity ref. */
export const entityField = z
  .string()
  .min(1)
  .max(255)
  .describe(
    'The catalog entity: a component name (payments-api) or an entity ref (component:default/payments-api)',
  );

/** An environment name field (the name without the team prefix, e.g. production). */
export const environmentField = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'environment: a name such as production',
  )
  .max(63)
  .optional()
  .describe(
    'Only this environment (e.g. production, staging); all when left out',
  );

/** The route parameters of an entity named by a tool's `entity` field; refuses a ref it cannot read. */
export function entityParams(entity: string): {
  namespace: string;
  kind: string;
  name: string;
} {
  try {
    const ref = parseEntityRef(entity, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return {
      namespace: ref.namespace,
      kind: ref.kind.toLowerCase(),
      name: ref.name,
    };
  } catch (error) {
    throw new InputError(
      `entity: "${entity}" is not an entity ref; give a component name (payments-api) or component:default/payments-api`,
    );
  }
}

/** The clusters left out of an answer, and why, in the tools' shape. */
export const unavailableClustersField = z
  .array(z.object({ cluster: z.string(), reason: z.string() }))
  .optional()
  .describe('Clusters that could not be read; the answer holds the others');

/** The unavailable clusters of a partial answer, in the tools' shape (absent when none). */
export function unavailableOf(answer: {
  unavailableClusters?: Array<{ cluster: string; reason: string }>;
}) {
  const missing = answer.unavailableClusters ?? [];
  return missing.length > 0
    ? {
        unavailableClusters: missing.map(({ cluster, reason }) => ({
          cluster,
          reason,
        })),
      }
    : {};
}

/** The `cluster` field of the change tools. */
export const clusterField = z
  .string()
  .min(1)
  .max(63)
  .describe('The cluster, as paved.environments names it (e.g. local)');

/** The `namespace` field of the change tools: an environment's namespace. */
export const namespaceField = z
  .string()
  .min(1)
  .max(63)
  .describe(
    'The environment’s namespace, as paved.environments names it (e.g. payments-production)',
  );

/** The `entityRef` field of the change tools: the component the change is for, shown with the request. */
export const entityRefField = z
  .string()
  .max(300)
  .optional()
  .describe(
    'The component the change is for, e.g. component:default/payments-api',
  );
