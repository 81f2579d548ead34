import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { GOLDEN_PATHS, GoldenPath, isGoldenPath } from './goldenPaths';
import { formatIssues, plainErrorMap } from './issues';
import { APP_SPEC_OBJECTS, APP_SPEC_SCHEMAS } from './schemas';

/**
 * A validated app spec of one golden path, with every default filled in.
 *
 * @public
 */
export type AppSpecFor<G extends GoldenPath> = z.output<
  (typeof APP_SPEC_SCHEMAS)[G]
>;

/**
 * What a spec author writes for one golden path: the simple fields, and the advanced and expert ones when
 * needed.
 *
 * @public
 */
export type AppSpecInputFor<G extends GoldenPath> = z.input<
  (typeof APP_SPEC_SCHEMAS)[G]
>;

/**
 * A validated `web-service` spec.
 *
 * @public
 */
export type WebServiceSpec = AppSpecFor<'web-service'>;

/**
 * A validated `worker` spec.
 *
 * @public
 */
export type WorkerSpec = AppSpecFor<'worker'>;

/**
 * A validated `cron-job` spec.
 *
 * @public
 */
export type CronJobSpec = AppSpecFor<'cron-job'>;

/**
 * A validated `database` spec.
 *
 * @public
 */
export type DatabaseSpec = AppSpecFor<'database'>;

/**
 * A validated spec of any golden path.
 *
 * @public
 */
export type AppSpec = WebServiceSpec | WorkerSpec | CronJobSpec | DatabaseSpec;

/**
 * One expert patch of an app spec.
 *
 * @public
 */
export type AppSpecPatch = AppSpec['patches'][number];

/**
 * Validates an app spec for a golden path and fills in its defaults. Parsing a parsed spec again gives the
 * same spec.
 *
 * @throws InputError listing every problem, one per line, each naming the field and the fix.
 * @public
 */
export function parseAppSpec<G extends GoldenPath>(
  input: unknown,
  goldenPath: G,
): AppSpecFor<G> {
  if (!isGoldenPath(goldenPath)) {
    throw new InputError(
      `goldenPath "${String(
        goldenPath,
      )}" is not a golden path; use one of ${GOLDEN_PATHS.join(', ')}`,
    );
  }
  const subject = `${goldenPath} spec`;
  const result = APP_SPEC_SCHEMAS[goldenPath].safeParse(input, {
    errorMap: plainErrorMap(
      subject,
      Object.keys(APP_SPEC_OBJECTS[goldenPath].shape),
    ),
  });
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new InputError(
      `The ${subject} has ${problems.length} problem(s):\n  - ${problems.join(
        '\n  - ',
      )}`,
    );
  }
  return result.data as AppSpecFor<G>;
}
