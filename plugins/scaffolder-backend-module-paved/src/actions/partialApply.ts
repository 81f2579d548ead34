import { LoggerService } from '@backstage/backend-plugin-api';
import { isPartialApplyError } from '@paved/plugin-paved-node';

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object, as the task log names objects. */
function label(o: { kind: string; namespace?: string; name: string }) {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * Writes to the task log, object by object, what an apply that failed part of the way did and did not do:
 * each applied object with its outcome, each failed one with its reason, and each one never sent. Other
 * errors are left to the task's own failure line. Returns the error unchanged, to be rethrown.
 */
export function logPartialApply(
  logger: Pick<LoggerService, 'error' | 'info' | 'warn'>,
  error: unknown,
): unknown {
  if (!isPartialApplyError(error)) return error;
  const total = error.applied.length + error.notApplied.length;
  logger.error(
    `Apply to cluster ${error.cluster} failed: ${error.applied.length} of ${total} object(s) applied, ${error.notApplied.length} not applied`,
  );
  for (const a of error.applied)
    logger.info(`  applied: ${label(a)} ${a.result}`);
  for (const f of error.failed) {
    logger.error(
      `  not applied: ${label(f.ref)}: ${f.reason}${
        f.mayHaveApplied
          ? ' (its answer was lost: it may have been applied)'
          : ''
      }`,
    );
  }
  for (const r of error.notAttempted) {
    logger.warn(`  not applied: ${label(r)} (not sent after the failure)`);
  }
  logger.info(
    'Running the step again applies the same objects and finishes the change',
  );
  return error;
}
