import {
  GoldenPath,
  KUBERNETES_ID_ANNOTATION,
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  encodeEntityRefLabel,
} from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import {
  Component,
  GOLDEN_PATH_ANNOTATION,
  ResolvedRenderOptions,
} from './types';

/** The spec fields every golden path shares. */
export interface CommonSpec {
  name: string;
  owner: string;
  repo?: string;
  buildpack?: string;
  annotations: Record<string, string>;
}

/** What every part of a golden path is rendered with. */
export interface RenderContext<S extends CommonSpec = CommonSpec> {
  spec: S;
  goldenPath: GoldenPath;
  options: ResolvedRenderOptions;
}

/** Labels that select the pods of one component; a subset of {@link standardLabels}. */
export function selectorLabels(
  spec: CommonSpec,
  component: Component,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': spec.name,
    'app.kubernetes.io/instance': spec.name,
    'app.kubernetes.io/component': component,
  };
}

/** The labels on every rendered object and pod template. */
export function standardLabels(
  spec: CommonSpec,
  component: Component,
): Record<string, string> {
  return {
    ...selectorLabels(spec, component),
    'app.kubernetes.io/part-of': spec.name,
    'app.kubernetes.io/managed-by': PAVED_MANAGED_BY,
    [KUBERNETES_ID_ANNOTATION]: spec.name,
    [PAVED_LABELS.team]: encodeEntityRefLabel(spec.owner),
  };
}

/**
 * The head of a rendered object: its `apiVersion`, `kind` and {@link objectMeta}; the caller adds the body
 * (`spec`, `data` …) after it.
 */
export function objectHead(
  ctx: RenderContext,
  type: { apiVersion: string; kind: string },
  name: string,
  component: Component,
  annotations?: Record<string, string>,
): Pick<KubernetesObject, 'apiVersion' | 'kind' | 'metadata'> {
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: objectMeta(ctx, name, component, annotations),
  };
}

/** Metadata of a rendered object: standard labels, the golden path, the repository and the spec's annotations. */
export function objectMeta(
  ctx: RenderContext,
  name: string,
  component: Component,
  annotations: Record<string, string> = {},
): KubernetesObject['metadata'] {
  const { spec, options } = ctx;
  return {
    name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: standardLabels(spec, component),
    annotations: {
      [GOLDEN_PATH_ANNOTATION]: ctx.goldenPath,
      ...(spec.repo ? { [PAVED_ANNOTATIONS.repository]: spec.repo } : {}),
      ...(spec.buildpack
        ? { [PAVED_ANNOTATIONS.buildpack]: spec.buildpack }
        : {}),
      ...spec.annotations,
      ...annotations,
    },
  };
}

/** Metadata of a pod template: standard labels and the spec's annotations. */
export function podMeta(
  ctx: RenderContext,
  component: Component,
): { labels: Record<string, string>; annotations?: Record<string, string> } {
  const { spec } = ctx;
  return {
    labels: standardLabels(spec, component),
    ...(Object.keys(spec.annotations).length > 0
      ? { annotations: { ...spec.annotations } }
      : {}),
  };
}
