/**
 * The golden paths Paved renders: an HTTP service, a queue worker, a scheduled job and a PostgreSQL database.
 *
 * @public
 */
export const GOLDEN_PATHS = [
  'web-service',
  'worker',
  'cron-job',
  'database',
] as const;

/**
 * One of {@link GOLDEN_PATHS}.
 *
 * @public
 */
export type GoldenPath = (typeof GOLDEN_PATHS)[number];

/**
 * Whether a value names a golden path.
 *
 * @public
 */
export function isGoldenPath(value: unknown): value is GoldenPath {
  return (GOLDEN_PATHS as readonly unknown[]).includes(value);
}

/**
 * CPU and memory requests and limits of one container.
 *
 * @public
 */
export interface ResourceRequirements {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * The `size` presets of an app spec.
 *
 * @public
 */
export type SizePreset = 'small' | 'medium' | 'large';

/**
 * Requests and limits behind each `size` preset; `medium` is the default.
 *
 * @public
 */
export const SIZE_PRESETS: Record<SizePreset, ResourceRequirements> = {
  small: {
    requests: { cpu: '100m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  medium: {
    requests: { cpu: '250m', memory: '512Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  large: {
    requests: { cpu: '1', memory: '2Gi' },
    limits: { cpu: '2', memory: '4Gi' },
  },
};

/**
 * Buildpacks an app can be built with instead of naming a prebuilt image.
 *
 * @public
 */
export const BUILDPACKS = ['node', 'python', 'go', 'java'] as const;
