import { JsonObject } from '@backstage/types';
import { z as zod } from 'zod/v3';

/** The `cluster` input every Kubernetes action takes: a cluster name from the Kubernetes plugin's config. */
export const clusterInput = (z: typeof zod) =>
  z.string({
    description: 'Cluster name from kubernetes.clusterLocatorMethods',
  });

/**
 * A JSON object with any fields (`{ "type": "object" }` in the action's schema). Typed as `JsonObject` rather
 * than `Record<string, unknown>`, so that the action's input and output types satisfy the scaffolder's
 * `JsonObject` constraint in the published type declarations.
 */
export const jsonObjectField = (
  z: typeof zod,
  params?: { description: string },
): zod.ZodType<JsonObject> =>
  z.record(z.unknown(), params) as zod.ZodType<JsonObject>;
