import { EnvironmentSpec } from '@paved/plugin-paved-node';
import { z as zod } from 'zod/v3';

/** How the create and clone actions describe the new environment's inputs to a template author. */
export interface EnvironmentSpecDescriptions {
  name: string;
  team: string;
  size: string;
  ttlHours: string;
}

/**
 * The inputs that describe a new environment — `name`, `team`, `size`, `lifecycle` and `ttlHours` — as the
 * create and clone actions take them, with each action's words and defaults.
 */
export function environmentSpecInputs(
  describe: EnvironmentSpecDescriptions,
  defaults: { size: string; lifecycle: 'persistent' | 'ephemeral' },
) {
  return {
    name: (z: typeof zod) => z.string({ description: describe.name }),
    team: (z: typeof zod) =>
      z.string({ description: describe.team }).optional(),
    size: (z: typeof zod) =>
      z.string({ description: describe.size }).default(defaults.size),
    lifecycle: (z: typeof zod) =>
      z.enum(['persistent', 'ephemeral']).default(defaults.lifecycle),
    ttlHours: (z: typeof zod) =>
      z.number({ description: describe.ttlHours }).int().positive().optional(),
  };
}

/** The new environment the create and clone inputs describe, owned by `team` and led by `teamLeads`. */
export function environmentSpecOf(
  input: Pick<EnvironmentSpec, 'name' | 'size' | 'lifecycle' | 'ttlHours'>,
  team: string,
  teamLeads: string[],
): EnvironmentSpec {
  return {
    name: input.name,
    team,
    size: input.size,
    lifecycle: input.lifecycle,
    ttlHours: input.ttlHours,
    teamLeads,
  };
}
