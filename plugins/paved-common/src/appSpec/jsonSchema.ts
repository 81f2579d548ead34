import { zodToJsonSchema } from 'zod-to-json-schema';
import { GoldenPath } from './goldenPaths';
import { APP_SPEC_SCHEMAS } from './schemas';

/**
 * A JSON Schema (draft 7) document.
 *
 * @public
 */
export type AppSpecJsonSchema = Record<string, unknown>;

const TITLES: Record<GoldenPath, string> = {
  'web-service': 'Web service',
  worker: 'Queue worker',
  'cron-job': 'Scheduled job',
  database: 'PostgreSQL database',
};

/**
 * The JSON Schema (draft 7) of a golden path's app spec, generated from the same schema {@link parseAppSpec}
 * uses: field types, enums, ranges, patterns, defaults and descriptions, for template forms and editors.
 * Checks that span several fields (e.g. `autoscaling.max` ≥ `autoscaling.min`, cron and image rules) are
 * only enforced by {@link parseAppSpec}.
 *
 * @public
 */
export function appSpecJsonSchema(goldenPath: GoldenPath): AppSpecJsonSchema {
  const schema = zodToJsonSchema(APP_SPEC_SCHEMAS[goldenPath], {
    $refStrategy: 'none',
    effectStrategy: 'input',
    target: 'jsonSchema7',
  }) as AppSpecJsonSchema;
  return {
    ...schema,
    title: `${TITLES[goldenPath]} app spec`,
    description: `Paved golden path "${goldenPath}"`,
  };
}
