import { jsonObjectField } from '../inputFields';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GOLDEN_PATHS,
  GoldenPath,
  parseAppSpec,
} from '@paved/plugin-paved-common';
import fs from 'node:fs/promises';
import {
  appSpecDocument,
  appSpecFromForm,
  parseAppSpecDocument,
} from '@paved/plugin-paved-node';
import { readAppSpecExamples } from './readAppSpec.examples';

type Json = Record<string, unknown>;

/** The spec and golden path from the file (`path`) or the template (`spec` + `goldenPath`). */
async function sourceOf(
  input: { path?: string; spec?: Json; goldenPath?: GoldenPath },
  workspacePath: string,
): Promise<{ goldenPath: GoldenPath; spec: Json }> {
  if (input.path !== undefined && input.spec !== undefined) {
    throw new InputError(
      'Give the app spec either inline (input spec) or as a workspace file (input path), not both',
    );
  }
  if (input.path !== undefined) {
    const file = resolveSafeChildPath(workspacePath, input.path);
    const text = await fs.readFile(file, 'utf8').catch(() => {
      throw new InputError(
        `path "${input.path}": no such file in the task workspace; fetch it first (fetch:plain:file) or fix the path`,
      );
    });
    const read = parseAppSpecDocument(text, input.path);
    if (input.goldenPath && input.goldenPath !== read.goldenPath) {
      throw new InputError(
        `${input.path} describes a ${read.goldenPath} but ${input.goldenPath} was expected; change goldenPath in the file or use the ${read.goldenPath} template`,
      );
    }
    return read;
  }
  if (input.spec === undefined) {
    throw new InputError(
      'No app spec given; set spec (with goldenPath) or path to a paved.yaml in the workspace',
    );
  }
  if (!input.goldenPath) {
    throw new InputError(
      `goldenPath is missing; set it to one of ${GOLDEN_PATHS.join(', ')}`,
    );
  }
  return { goldenPath: input.goldenPath, spec: input.spec };
}

/**
 * Creates the `paved:app-spec:read` action: takes an app spec from a workspace file (`paved.yaml`) or from
 * the template form, adds expert patches written as YAML or JSON text, validates it for its golden path and
 * outputs it for `kubernetes:manifests:render`, together with its `paved.yaml` text for the repository.
 * Nothing is written; an invalid spec fails the step with every problem named.
 *
 * @public
 */
export function createReadAppSpecAction() {
  return createTemplateAction({
    id: 'paved:app-spec:read',
    description:
      'Reads an app spec from a workspace file (paved.yaml) or from template input, adds expert patches given as YAML/JSON text, validates it and outputs it with its paved.yaml text.',
    examples: readAppSpecExamples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'Workspace file holding an app spec document (goldenPath and spec), e.g. ./paved.yaml',
            })
            .optional(),
        goldenPath: z =>
          z
            .enum(GOLDEN_PATHS, {
              description:
                'Golden path of an inline spec; with path, the golden path the file must have',
            })
            .optional(),
        spec: z =>
          jsonObjectField(z, {
            description: 'Inline app spec, e.g. built from the form',
          }).optional(),
        patches: z =>
          z
            .string({
              description:
                'Expert patches as YAML or JSON text (a list), applied after the spec’s own patches',
            })
            .optional(),
      },
      output: {
        goldenPath: z =>
          z.enum(GOLDEN_PATHS, { description: 'Golden path of the spec' }),
        spec: z =>
          jsonObjectField(z, {
            description:
              'The app spec as written (without empty fields), ready for kubernetes:manifests:render',
          }),
        name: z => z.string({ description: 'The app name' }),
        owner: z => z.string({ description: 'The owning group ref' }),
        document: z =>
          z.string({ description: 'The app spec as paved.yaml text' }),
      },
    },
    async handler(ctx) {
      const source = await sourceOf(ctx.input, ctx.workspacePath);
      const spec = appSpecFromForm(source.spec, ctx.input.patches);
      const parsed = parseAppSpec(spec, source.goldenPath);
      ctx.logger.info(
        `App spec of ${parsed.name} (${source.goldenPath}, owner ${
          parsed.owner
        }) is valid${
          parsed.patches.length > 0
            ? `; ${parsed.patches.length} expert patch(es)`
            : ''
        }`,
      );
      ctx.output('goldenPath', source.goldenPath);
      // parsed from YAML or given by the template: JSON through and through
      ctx.output('spec', spec as JsonObject);
      ctx.output('name', parsed.name);
      ctx.output('owner', parsed.owner);
      ctx.output('document', appSpecDocument(source.goldenPath, spec));
    },
  });
}
