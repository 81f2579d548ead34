import { z } from 'zod/v3';
import { looksLikeSecretRef } from './formats';
import { parseQuantity } from '../quantities';
import { ResourceRequirements, SIZE_PRESETS, SizePreset } from './goldenPaths';
import { addProblem, pathString } from './issues';

type Ctx = z.RefinementCtx;

/** `autoscaling.max` must not be below `autoscaling.min`. */
export function checkAutoscaling(
  value: { min: number; max: number },
  ctx: Ctx,
): void {
  if (value.max < value.min) {
    addProblem(
      ctx,
      `(${value.max}) is below ${pathString([...ctx.path, 'min'])} (${
        value.min
      }); raise max or lower min`,
      ['max'],
    );
  }
}

/** Exactly one of `image` and `buildpack`, and `version` exactly with `buildpack`. */
export function checkAppImage(
  spec: { image?: string; buildpack?: string; version?: string },
  ctx: Ctx,
): void {
  if (spec.image && spec.buildpack) {
    addProblem(
      ctx,
      'and buildpack are both set; keep image to run a prebuilt image, or buildpack (with version) to run what the buildpack builds',
      ['image'],
    );
  } else if (!spec.image && !spec.buildpack) {
    addProblem(
      ctx,
      'is missing; set image to a pinned image such as registry.paved.local/checkout-api:1.4.2, or set buildpack and version',
      ['image'],
    );
  }
  if (spec.buildpack && !spec.version) {
    addProblem(
      ctx,
      'is missing; set the version (image tag) the buildpack built, e.g. 1.4.2',
      ['version'],
    );
  }
  if (spec.version && !spec.buildpack) {
    addProblem(
      ctx,
      'is only used with buildpack; remove it, or put the version in the image tag',
      ['version'],
    );
  }
}

/** Replicas within the autoscaling range, and extra ports apart from the main port. */
export function checkLongRunning(
  spec: {
    replicas?: number;
    port?: number;
    autoscaling: { enabled: boolean; min: number; max: number };
    extraPorts: Array<{ port: number }>;
  },
  ctx: Ctx,
): void {
  const { replicas, autoscaling } = spec;
  if (replicas !== undefined && autoscaling.enabled) {
    if (replicas > autoscaling.max) {
      addProblem(
        ctx,
        `(${replicas}) is above autoscaling.max (${autoscaling.max}); lower replicas or raise autoscaling.max`,
        ['replicas'],
      );
    } else if (replicas < autoscaling.min) {
      addProblem(
        ctx,
        `(${replicas}) is below autoscaling.min (${autoscaling.min}); remove replicas (the autoscaler sets it) or lower autoscaling.min`,
        ['replicas'],
      );
    }
  }
  spec.extraPorts.forEach((p, i) => {
    if (p.port === spec.port) {
      addProblem(
        ctx,
        `(${p.port}) is already the main port; pick another port`,
        ['extraPorts', i, 'port'],
      );
    }
  });
}

/** Requests no larger than limits, once `size` and explicit `resources` are merged. */
export function checkResources(
  spec: {
    size: SizePreset;
    resources?: {
      requests?: Partial<ResourceRequirements['requests']>;
      limits?: Partial<ResourceRequirements['limits']>;
    };
  },
  ctx: Ctx,
): void {
  const preset = SIZE_PRESETS[spec.size];
  for (const resource of ['cpu', 'memory'] as const) {
    const explicitRequest = spec.resources?.requests?.[resource];
    const explicitLimit = spec.resources?.limits?.[resource];
    const request = explicitRequest ?? preset.requests[resource];
    const limit = explicitLimit ?? preset.limits[resource];
    if ((parseQuantity(request) ?? 0) > (parseQuantity(limit) ?? Infinity)) {
      const from = (explicit?: string) =>
        explicit ? '' : `, from size ${spec.size}`;
      addProblem(
        ctx,
        `(${request}${from(
          explicitRequest,
        )}) is above resources.limits.${resource} (${limit}${from(
          explicitLimit,
        )}); lower the request or raise the limit`,
        ['resources', 'requests', resource],
      );
    }
  }
}

/** The queue URL comes from an env entry that exists, and its variable does not clash with env. */
export function checkWorker(
  spec: {
    env: Record<string, string>;
    port?: number;
    queue: { urlFrom: string; env: string };
    probes?: { liveness?: { path?: string }; readiness?: { path?: string } };
  },
  ctx: Ctx,
): void {
  const { urlFrom } = spec.queue;
  if (!looksLikeSecretRef(urlFrom) && !(urlFrom in spec.env)) {
    addProblem(
      ctx,
      `("${urlFrom}") names no entry of env; add ${urlFrom} to env, or use a secret reference such as secret/orders-queue/url`,
      ['queue', 'urlFrom'],
    );
  }
  if (spec.queue.env in spec.env && spec.queue.env !== urlFrom) {
    addProblem(
      ctx,
      `("${spec.queue.env}") is also set in env; remove it from env, or set queue.urlFrom to ${spec.queue.env}`,
      ['queue', 'env'],
    );
  }
  const httpProbe = spec.probes?.liveness?.path || spec.probes?.readiness?.path;
  if (httpProbe && spec.port === undefined) {
    addProblem(
      ctx,
      'is missing; a worker whose probes check an HTTP path needs the port of that endpoint',
      ['port'],
    );
  }
}
