import {
  EXPIRES_AT_ANNOTATION,
  EnvironmentSummary,
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  decodeEntityRefLabel,
} from '@paved/plugin-paved-common';

/**
 * The environment a namespace stands for, or undefined when Paved does not manage it.
 *
 * @public
 */
export function summarizeEnvironment(
  cluster: string,
  namespace: {
    metadata: {
      name: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
  },
): EnvironmentSummary | undefined {
  const labels = namespace.metadata.labels ?? {};
  if (labels[PAVED_LABELS.managedBy] !== PAVED_MANAGED_BY) return undefined;
  const expiresAt = namespace.metadata.annotations?.[EXPIRES_AT_ANNOTATION];
  const pullRequest =
    namespace.metadata.annotations?.[PAVED_ANNOTATIONS.pullRequest];
  const lifecycle =
    labels[PAVED_LABELS.lifecycle] === 'ephemeral' ? 'ephemeral' : 'persistent';
  return {
    cluster,
    namespace: namespace.metadata.name,
    environment: labels[PAVED_LABELS.environment] ?? namespace.metadata.name,
    team: decodeEntityRefLabel(labels[PAVED_LABELS.team] ?? '') ?? '',
    lifecycle,
    protected: labels[PAVED_LABELS.protected] === 'true',
    ...(lifecycle === 'ephemeral' && expiresAt ? { expiresAt } : {}),
    ...(pullRequest ? { pullRequest } : {}),
  };
}
