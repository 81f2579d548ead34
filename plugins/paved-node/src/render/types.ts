import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
/**
 * Where and how a golden path is rendered.
 *
 * @public
 */
export interface RenderOptions {
  /** Namespace written on every object; without it the objects name none and the deploy step picks it. */
  namespace?: string;
  /** Namespace of the ingress controller, admitted by the web service's NetworkPolicy. Default `ingress-nginx`. */
  ingressControllerNamespace?: string;
  /** Registry of buildpack-built images and of the default database image. Default `registry.paved.local`. */
  imageRegistry?: string;
  /** Environment name, used in the default ingress host `<name>.<environment>.<ingressDomain>`. */
  environment?: string;
  /** Domain of default ingress hosts. Default `paved.local`. */
  ingressDomain?: string;
  /** Ingress class of web services. Default `nginx`. */
  ingressClassName?: string;
  /** Namespace of Prometheus; when set, the web service's NetworkPolicy also admits it (metrics port only). */
  monitoringNamespace?: string;
  /**
   * Where the workloads send their traces (`OTEL_EXPORTER_OTLP_ENDPOINT`, OTLP over HTTP). Default
   * `http://otel-collector.observability.svc:4318`.
   */
  otlpEndpoint?: string;
}

/**
 * Default of {@link RenderOptions.otlpEndpoint}: an OpenTelemetry Collector's OTLP/HTTP port in the
 * `observability` namespace.
 *
 * @public
 */
export const DEFAULT_OTLP_ENDPOINT =
  'http://otel-collector.observability.svc:4318';

/**
 * Default of {@link RenderOptions.imageRegistry}.
 *
 * @public
 */
export const DEFAULT_IMAGE_REGISTRY = 'registry.paved.local';

/**
 * Annotation on rendered objects whose kind the cluster may not serve (e.g. a ServiceMonitor without the
 * Prometheus operator); {@link withoutMissingKinds} drops them instead of failing the deploy.
 *
 * @public
 */
export const OPTIONAL_KIND_ANNOTATION = PAVED_ANNOTATIONS.optionalKind;

/**
 * Annotation naming the golden path an object was rendered from.
 *
 * @public
 */
export const GOLDEN_PATH_ANNOTATION = PAVED_ANNOTATIONS.goldenPath;

/** The `app.kubernetes.io/component` of each rendered part. */
export type Component = 'web' | 'worker' | 'cronjob' | 'database';

/** Render options with their defaults applied. */
export interface ResolvedRenderOptions extends RenderOptions {
  ingressControllerNamespace: string;
  imageRegistry: string;
  ingressDomain: string;
  ingressClassName: string;
  otlpEndpoint: string;
}

/** Fills in the defaults of {@link RenderOptions}. */
export function resolveRenderOptions(
  options: RenderOptions = {},
): ResolvedRenderOptions {
  return {
    ...options,
    ingressControllerNamespace:
      options.ingressControllerNamespace ?? 'ingress-nginx',
    imageRegistry: (options.imageRegistry ?? DEFAULT_IMAGE_REGISTRY).replace(
      /\/+$/,
      '',
    ),
    ingressDomain: options.ingressDomain ?? 'paved.local',
    ingressClassName: options.ingressClassName ?? 'nginx',
    otlpEndpoint: options.otlpEndpoint ?? DEFAULT_OTLP_ENDPOINT,
  };
}
