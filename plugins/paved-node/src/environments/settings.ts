import { Config } from '@backstage/config';

/**
 * Resource limits of an environment size preset.
 *
 * @public
 */
export interface EnvironmentSize {
  /** Total CPU requests of all pods, e.g. `4`. */
  cpu: string;
  /** Total memory requests of all pods, e.g. `8Gi`. */
  memory: string;
  pods: number;
  /** Defaults for containers that set none. */
  defaultRequest: { cpu: string; memory: string };
  defaultLimit: { cpu: string; memory: string };
}

/**
 * How Paved builds environments, from `paved.environments`.
 *
 * @public
 */
export interface EnvironmentSettings {
  sizes: Record<string, EnvironmentSize>;
  /**
   * Environment names that are production-class and therefore protected; an entry ending in `*` matches
   * every name that starts with the rest (`production-*` covers `production-eu`). See `isProtectedName`.
   */
  protectedNames: string[];
  /** Namespace of the ingress controller, allowed in by every environment's network policy. */
  ingressControllerNamespace: string;
  /** ClusterRoles bound per tier in each environment. */
  roles: {
    developer: string;
    /** What developers hold in protected environments, where their changes need approval. */
    protectedDeveloper: string;
    /** Also held by developers in protected environments: write Secrets without reading them ('' for none). */
    protectedSecretWriter: string;
    teamLead: string;
    /** Paved's own role inside each environment: Secret keys and rotation ('' for none). */
    backend: string;
    platformAdmin: string;
  };
  /** Groups whose members are platform admins. */
  platformAdminGroups: string[];
  /** TTL of ephemeral environments when the request gives none. */
  defaultTtlHours: number;
}

/**
 * A size preset: total CPU, memory and pods of the environment, then the request and the limit (CPU, memory)
 * given to containers that set none.
 */
function preset(
  [cpu, memory, pods]: [string, string, number],
  request: [string, string],
  limit: [string, string],
): EnvironmentSize {
  return {
    cpu,
    memory,
    pods,
    defaultRequest: { cpu: request[0], memory: request[1] },
    defaultLimit: { cpu: limit[0], memory: limit[1] },
  };
}

const DEFAULT_SIZES: Record<string, EnvironmentSize> = {
  small: preset(['2', '4Gi', 20], ['100m', '128Mi'], ['500m', '512Mi']),
  medium: preset(['8', '16Gi', 60], ['250m', '512Mi'], ['1', '1Gi']),
  large: preset(['32', '64Gi', 200], ['500m', '1Gi'], ['2', '4Gi']),
};

/**
 * Reads `paved.environments` and `paved.access.platformAdminGroups`, with defaults for everything.
 *
 * @public
 */
export function readEnvironmentSettings(config: Config): EnvironmentSettings {
  const c = config.getOptionalConfig('paved.environments');
  const sizes = { ...DEFAULT_SIZES };
  for (const key of c?.getOptionalConfig('sizes')?.keys() ?? []) {
    const s = c!.getConfig(`sizes.${key}`);
    sizes[key] = {
      cpu: s.getString('cpu'),
      memory: s.getString('memory'),
      pods: s.getNumber('pods'),
      defaultRequest: {
        cpu: s.getOptionalString('defaultRequest.cpu') ?? '100m',
        memory: s.getOptionalString('defaultRequest.memory') ?? '128Mi',
      },
      defaultLimit: {
        cpu: s.getOptionalString('defaultLimit.cpu') ?? '500m',
        memory: s.getOptionalString('defaultLimit.memory') ?? '512Mi',
      },
    };
  }
  return {
    sizes,
    protectedNames: c?.getOptionalStringArray('protected') ?? [
      'production',
      'prod',
    ],
    ingressControllerNamespace:
      c?.getOptionalString('ingressControllerNamespace') ?? 'ingress-nginx',
    roles: {
      developer: c?.getOptionalString('roles.developer') ?? 'paved:developer',
      protectedDeveloper:
        c?.getOptionalString('roles.protectedDeveloper') ?? 'paved:viewer',
      protectedSecretWriter:
        c?.getOptionalString('roles.protectedSecretWriter') ??
        'paved:secret-writer',
      teamLead: c?.getOptionalString('roles.teamLead') ?? 'paved:team-lead',
      backend: c?.getOptionalString('roles.backend') ?? 'paved:backend-secrets',
      platformAdmin: c?.getOptionalString('roles.platformAdmin') ?? 'admin',
    },
    platformAdminGroups:
      config.getOptionalStringArray('paved.access.platformAdminGroups') ?? [],
    defaultTtlHours: c?.getOptionalNumber('defaultTtlHours') ?? 72,
  };
}

/**
 * Whether an environment name is production-class under `settings.protectedNames`: equal to an entry, or
 * starting with an entry's text before its trailing `*`.
 *
 * @public
 */
export function isProtectedName(
  settings: Pick<EnvironmentSettings, 'protectedNames'>,
  name: string,
): boolean {
  return settings.protectedNames.some(entry =>
    entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry,
  );
}
