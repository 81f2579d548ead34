/** The kinds golden paths render, by the API version Paved writes them in. */
const KINDS_BY_API_VERSION = {
  v1: ['PersistentVolumeClaim', 'Service', 'ServiceAccount'],
  'apps/v1': ['Deployment', 'StatefulSet'],
  'batch/v1': ['CronJob'],
  'networking.k8s.io/v1': ['Ingress', 'NetworkPolicy'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'monitoring.coreos.com/v1': ['ServiceMonitor'],
} as const;

/** A kind a golden path renders. */
type RenderedKind =
  (typeof KINDS_BY_API_VERSION)[keyof typeof KINDS_BY_API_VERSION][number];

/** Each rendered kind with its API version, e.g. `RENDERED_KINDS.Deployment` is `apps/v1` `Deployment`. */
export const RENDERED_KINDS = Object.fromEntries(
  Object.entries(KINDS_BY_API_VERSION).flatMap(([apiVersion, kinds]) =>
    kinds.map(kind => [kind, { apiVersion, kind }]),
  ),
) as Record<RenderedKind, { apiVersion: string; kind: RenderedKind }>;
