import { jsonObjectField } from './inputFields';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  AppSpecInputFor,
  GOLDEN_PATHS,
  GoldenPath,
} from '@paved/plugin-paved-common';
import { RenderOptions, renderGoldenPath } from '@paved/plugin-paved-node';
import { manifestFilesFor, writeManifestFiles } from './manifestFiles';
import { renderExamples } from './render.examples';

const DEFAULT_OUTPUT_PATH = './manifests';

/**
 * Creates the `kubernetes:manifests:render` action: validates an app spec, renders the Kubernetes objects of
 * its golden path (web-service, worker, cron-job or database) and writes one YAML file per object into the
 * task workspace, ready for `kubernetes:apply`. Nothing is written when the spec is invalid.
 *
 * @param options - defaults for every render, e.g. the image registry and the ingress controller namespace;
 *   `namespace` and `environment` come from the action input.
 * @public
 */
export function createRenderManifestsAction(
  options: { defaults?: Omit<RenderOptions, 'namespace' | 'environment'> } = {},
) {
  return createTemplateAction({
    id: 'kubernetes:manifests:render',
    description:
      'Renders an app spec into the Kubernetes manifests of a Paved golden path (web-service, worker, cron-job, database) and writes one YAML file per object into the workspace.',
    examples: renderExamples,
    supportsDryRun: true,
    schema: {
      input: {
        goldenPath: z =>
          z.enum(GOLDEN_PATHS, {
            description:
              'Golden path: web-service, worker, cron-job or database',
          }),
        spec: z =>
          jsonObjectField(z, {
            description:
              'App spec: name, owner, image or buildpack + version, and the fields of the golden path',
          }),
        namespace: z =>
          z
            .string({
              description:
                'Namespace (environment) written on every object; without it kubernetes:apply fills it in',
            })
            .optional(),
        environment: z =>
          z
            .string({
              description:
                'Environment name, used in the default ingress host <name>.<environment>.paved.local',
            })
            .optional(),
        outputPath: z =>
          z
            .string({
              description: 'Workspace folder the manifests are written to',
            })
            .default(DEFAULT_OUTPUT_PATH),
      },
      output: {
        manifests: z =>
          z.array(jsonObjectField(z), {
            description: 'The rendered objects',
          }),
        files: z =>
          z.array(z.string(), {
            description: 'Written files, relative to the workspace',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const goldenPath: GoldenPath = input.goldenPath;
      const objects = renderGoldenPath(
        input.spec as AppSpecInputFor<GoldenPath>,
        goldenPath,
        {
          ...options.defaults,
          namespace: input.namespace,
          environment: input.environment,
        },
      );
      const files = manifestFilesFor(
        ctx.workspacePath,
        input.outputPath ?? DEFAULT_OUTPUT_PATH,
        objects,
      );
      ctx.logger.info(
        `Rendered ${
          objects.length
        } object(s) of the ${goldenPath} golden path for ${String(
          input.spec.name,
        )}`,
      );
      const written = await writeManifestFiles(
        ctx.workspacePath,
        files,
        (object, relative) =>
          ctx.logger.info(
            `  ${object.kind} ${object.metadata.name} -> ${relative}`,
          ),
      );
      // rendered objects are plain JSON (they are written as YAML above)
      ctx.output('manifests', objects as JsonObject[]);
      ctx.output('files', written);
    },
  });
}
