import {
  AppSpecFor,
  AppSpecInputFor,
  GoldenPath,
  parseAppSpec,
} from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { renderCronJob } from './cronJob';
import { renderDatabase } from './database';
import { RenderContext } from './metadata';
import { applyAppSpecPatches } from './patches';
import { RenderOptions, resolveRenderOptions } from './types';
import { renderWebService } from './webService';
import { renderWorker } from './worker';

type Renderers = {
  [G in GoldenPath]: (ctx: RenderContext<AppSpecFor<G>>) => KubernetesObject[];
};

const RENDERERS: Renderers = {
  'web-service': renderWebService,
  worker: renderWorker,
  'cron-job': renderCronJob,
  database: renderDatabase,
};

/**
 * Renders an app spec into the Kubernetes objects of its golden path: the baseline of the golden path
 * (restricted pod security, resources, probes, labels for Backstage and Paved), then the spec's expert
 * patches in order. The spec is validated first, so a parsed or a hand-written spec may be given. The
 * result is not checked against guardrails here; the deploy step does that.
 *
 * @throws InputError when the spec is invalid or a patch cannot be applied, naming the field and the fix.
 * @public
 */
export function renderGoldenPath<G extends GoldenPath>(
  spec: AppSpecInputFor<G>,
  goldenPath: G,
  options: RenderOptions = {},
): KubernetesObject[] {
  const parsed = parseAppSpec(spec, goldenPath);
  const render = RENDERERS[goldenPath] as (
    ctx: RenderContext<AppSpecFor<G>>,
  ) => KubernetesObject[];
  const objects = render({
    spec: parsed,
    goldenPath,
    options: resolveRenderOptions(options),
  });
  // Plain, unshared JSON: no object is reachable twice, so YAML output has no anchors.
  const plain = JSON.parse(JSON.stringify(objects)) as KubernetesObject[];
  return applyAppSpecPatches(plain, parsed.patches, goldenPath);
}
